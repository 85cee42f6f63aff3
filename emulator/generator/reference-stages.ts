/**
 * The demo portal's pipelines and their stages. Stages are added in one global order (it numbers the status
 * rows and the stage table), and custom stage ids draw from the generator's random stream as real portals'
 * `UC_XXXXXX` ids do.
 */
import type { WireRecord } from "../snapshot";
import type { PipelineDef, Semantic, StageDef } from "./reference";

const PROCESS_COLORS = ["#39A8EF", "#2FC6F6", "#55D0E0", "#47E4C2", "#FFA900", "#FFD200", "#E3E3E3"];

/** The global stage table, writing each stage's crm.status.list row as it goes. */
export class StageTable {
  readonly stages: StageDef[] = [];

  constructor(
    private readonly statusRows: WireRecord[],
    private rowId: number,
  ) {}

  add(
    cat: number,
    id: string,
    name: string,
    nameInit: string,
    sort: number,
    semantic: Semantic,
    system: boolean,
  ): StageDef {
    const processCount = this.stages.filter((s) => s.categoryId === cat && s.semantic === "P").length;
    const color =
      semantic === "S" ? "#7BD500" : semantic === "F" ? "#FF5752" : PROCESS_COLORS[processCount % 7]!;
    const st: StageDef = {
      index: this.stages.length,
      statusId: cat === 0 ? id : `C${cat}:${id}`,
      name,
      nameInit,
      sort,
      semantic,
      categoryId: cat,
      categoryStr: String(cat),
      color,
      system,
    };
    this.stages.push(st);
    this.statusRows.push({
      ID: String(this.rowId++),
      ENTITY_ID: cat === 0 ? "DEAL_STAGE" : `DEAL_STAGE_${cat}`,
      STATUS_ID: st.statusId,
      NAME: name,
      NAME_INIT: nameInit,
      SORT: String(sort),
      SYSTEM: system ? "Y" : "N",
      CATEGORY_ID: cat === 0 ? null : String(cat),
      COLOR: color,
      SEMANTICS: semantic === "P" ? null : semantic,
      EXTRA: {
        SEMANTICS: semantic === "P" ? "process" : semantic === "S" ? "success" : "failure",
        COLOR: color,
      },
    });
    return st;
  }
}

/**
 * Pipeline 0 "Продажи": renamed default stages plus custom ones, and the way most portals record a loss: one
 * generic failure stage (Bitrix24's default «Сделка провалена», the seldom-used «Анализ причины провала» left
 * as it came) with the reason picked in the "Причина отказа" user field.
 */
export function salesPipeline(t: StageTable, ucId: () => string): PipelineDef {
  const process = [
    t.add(0, "NEW", "Новая", "Новая", 10, "P", true),
    t.add(0, "PREPARATION", "Квалификация", "Подготовка документов", 20, "P", false),
    t.add(0, ucId(), "Презентация / демо", "Презентация / демо", 30, "P", false),
    t.add(0, "PREPAYMENT_INVOICE", "Коммерческое предложение", "Счёт на предоплату", 40, "P", false),
    t.add(0, "EXECUTING", "Переговоры", "В работе", 50, "P", false),
    t.add(0, "FINAL_INVOICE", "Договор", "Финальный счёт", 60, "P", false),
  ];
  return {
    id: 0,
    name: "Продажи",
    sort: 100,
    process,
    won: t.add(0, "WON", "Сделка успешна", "Сделка успешна", 70, "S", true),
    lose: t.add(0, "LOSE", "Сделка провалена", "Сделка провалена", 80, "F", true),
    apology: t.add(0, "APOLOGY", "Анализ причины провала", "Анализ причины провала", 90, "F", false),
    apologyShare: 0.05,
    failByReason: null,
    reasonFieldShare: 0.82,
    dwellDays: [1, 3, 6, 5, 7, 6],
    lossProb: [0.12, 0.2, 0.16, 0.22, 0.18, 0.1],
    amountMul: 1,
  };
}

/**
 * Pipeline 1 "Крупные клиенты": default stages (one id truncated as on real portals); the reason is the failure
 * stage, as on portals that made a stage per reason. The names overlap the field's options on purpose: the same
 * («Дорого», «Нет бюджета»), the same but for ё («Не подошел функционал»), near duplicates («Отложили» /
 * «Отложили решение», «Ушли к конкуренту» / «Выбрали конкурента») and synonyms («Не дозвонились» / «Не выходит
 * на связь»). The system LOSE stage, renamed «Закрыто и не реализовано», is the generic catch-all.
 */
export function keyAccountsPipeline(t: StageTable, ucId: () => string): PipelineDef {
  const process = [
    t.add(1, "NEW", "Новая", "Новая", 10, "P", true),
    t.add(1, "PREPARATION", "Подготовка документов", "Подготовка документов", 20, "P", false),
    t.add(1, "PREPAYMENT_INVOIC", "Счёт на предоплату", "Счёт на предоплату", 30, "P", false),
    t.add(1, "EXECUTING", "В работе", "В работе", 40, "P", false),
    t.add(1, "FINAL_INVOICE", "Финальный счёт", "Финальный счёт", 50, "P", false),
  ];
  const won = t.add(1, "WON", "Сделка успешна", "Сделка успешна", 60, "S", true);
  const lose = t.add(1, "LOSE", "Закрыто и не реализовано", "Сделка провалена", 70, "F", true);
  const price = t.add(1, "APOLOGY", "Дорого", "Анализ причины провала", 80, "F", false);
  const comp = t.add(1, ucId(), "Ушли к конкуренту", "Ушли к конкуренту", 90, "F", false);
  const budget = t.add(1, ucId(), "Нет бюджета", "Нет бюджета", 100, "F", false);
  const silent = t.add(1, ucId(), "Не дозвонились", "Не дозвонились", 110, "F", false);
  const fit = t.add(1, ucId(), "Не подошел функционал", "Не подошел функционал", 120, "F", false);
  const later = t.add(1, ucId(), "Отложили", "Отложили", 130, "F", false);
  return {
    id: 1,
    name: "Крупные клиенты",
    sort: 200,
    process,
    won,
    lose,
    apology: price,
    apologyShare: 0,
    // REASON order: price, competitor, budget, noResponse, productFit, postponed, decision, notTarget, other.
    failByReason: [price, comp, budget, silent, fit, later, lose, lose, lose],
    reasonFieldShare: 0.04,
    dwellDays: [2, 8, 7, 12, 9],
    lossProb: [0.1, 0.2, 0.22, 0.15, 0.08],
    amountMul: 4,
  };
}

/** "Тендеры", on larger portals: a generic failure stage «Проиграна». A deleted pipeline 2 left a gap: C3. */
export function tenderPipeline(t: StageTable, ucId: () => string): PipelineDef {
  const process = [
    t.add(3, "NEW", "Новый тендер", "Новая", 10, "P", true),
    t.add(3, ucId(), "Подготовка заявки", "Подготовка заявки", 20, "P", false),
    t.add(3, ucId(), "Заявка подана", "Заявка подана", 30, "P", false),
    t.add(3, ucId(), "Рассмотрение заявок", "Рассмотрение заявок", 40, "P", false),
  ];
  return {
    id: 3,
    name: "Тендеры",
    sort: 300,
    process,
    won: t.add(3, "WON", "Тендер выигран", "Сделка успешна", 50, "S", true),
    lose: t.add(3, "LOSE", "Проиграна", "Сделка провалена", 60, "F", true),
    apology: t.add(3, "APOLOGY", "Отказались от участия", "Анализ причины провала", 70, "F", false),
    apologyShare: 0.15,
    failByReason: null,
    reasonFieldShare: 0.6,
    dwellDays: [2, 9, 14, 12],
    lossProb: [0.08, 0.25, 0.35, 0.3],
    amountMul: 3,
  };
}
