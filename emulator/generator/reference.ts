/** Reference data of the demo portal: pipelines and stages, dictionaries, currencies, deal user fields. */
import type { WireRecord } from "../snapshot";
import { DEAL_TYPES } from "./banks";
import type { Rng } from "./random";

export type Semantic = "P" | "S" | "F";

/** Loss reason codes; comment themes use the same numbering. */
export const REASON = {
  price: 0,
  competitor: 1,
  budget: 2,
  noResponse: 3,
  productFit: 4,
  postponed: 5,
  decision: 6,
  other: 7,
} as const;
export const REASON_COUNT = 8;

export interface StageDef {
  /** Index in the global stage table. */
  index: number;
  statusId: string;
  name: string;
  nameInit: string;
  sort: number;
  semantic: Semantic;
  categoryId: number;
  categoryStr: string;
  color: string;
  system: boolean;
}

export interface PipelineDef {
  id: number;
  name: string;
  sort: number;
  process: StageDef[];
  won: StageDef;
  lose: StageDef;
  apology: StageDef;
  /** Failure stage per reason code (pipelines that encode the reason in the stage). */
  failByReason: StageDef[] | null;
  /** Median days spent in each process stage before the next move. */
  dwellDays: number[];
  /** Base probability of losing the deal at each process stage. */
  lossProb: number[];
  amountMul: number;
}

export interface Reference {
  stages: StageDef[];
  pipelines: PipelineDef[];
  statusRows: WireRecord[];
  categoryRows: WireRecord[];
  currencyRows: WireRecord[];
  userFieldRows: WireRecord[];
  reasonField: string;
  competitorField: string;
  /** Option ID per reason code ("" for none) of the reason field. */
  reasonOptionIds: string[];
  sourceIds: string[];
  sourceWeights: number[];
  rates: Record<string, number>;
}

const PROCESS_COLORS = ["#39A8EF", "#2FC6F6", "#55D0E0", "#47E4C2", "#FFA900", "#FFD200", "#E3E3E3"];
const UC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

const SOURCES: [string, string, number][] = [
  ["CALL", "Звонок", 0.18],
  ["EMAIL", "Электронная почта", 0.07],
  ["WEB", "Веб-сайт", 0.18],
  ["ADVERTISING", "Реклама", 0.1],
  ["PARTNER", "Существующий клиент", 0.05],
  ["RECOMMENDATION", "По рекомендации", 0.1],
  ["TRADE_SHOW", "Выставка", 0.04],
  ["WEBFORM", "CRM-форма", 0.12],
  ["CALLBACK", "Обратный звонок", 0.06],
  ["RC_GENERATOR", "Генератор продаж", 0.0],
  ["STORE", "Интернет-магазин", 0.0],
  ["REPEAT_SALE", "Повторные продажи", 0.0],
  ["OTHER", "Другое", 0.04],
];

export function buildReference(rng: Rng, withThirdPipeline: boolean, currencyUpdated: string): Reference {
  const stages: StageDef[] = [];
  const statusRows: WireRecord[] = [];
  let rowId = 1;
  const ucId = () => `UC_${rng.token(6, UC)}`;

  for (const [id, name] of SOURCES.map((s) => [s[0], s[1]])) {
    statusRows.push(dictRow(rowId++, "SOURCE", id!, name!, statusRows.length * 10 + 10));
  }
  DEAL_TYPES.forEach(([id, name], i) => {
    statusRows.push(dictRow(rowId++, "DEAL_TYPE", id, name, i * 10 + 10));
  });

  const addStage = (
    cat: number,
    id: string,
    name: string,
    nameInit: string,
    sort: number,
    semantic: Semantic,
    system: boolean,
  ): StageDef => {
    const processCount = stages.filter((s) => s.categoryId === cat && s.semantic === "P").length;
    const color =
      semantic === "S" ? "#7BD500" : semantic === "F" ? "#FF5752" : PROCESS_COLORS[processCount % 7]!;
    const st: StageDef = {
      index: stages.length,
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
    stages.push(st);
    statusRows.push({
      ID: String(rowId++),
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
  };

  // Pipeline 0 "Продажи": renamed default stages plus custom ones; failure stages are the reasons.
  const p0 = [
    addStage(0, "NEW", "Новая", "Новая", 10, "P", true),
    addStage(0, "PREPARATION", "Квалификация", "Подготовка документов", 20, "P", false),
    addStage(0, ucId(), "Презентация / демо", "Презентация / демо", 30, "P", false),
    addStage(0, "PREPAYMENT_INVOICE", "Коммерческое предложение", "Счёт на предоплату", 40, "P", false),
    addStage(0, "EXECUTING", "Переговоры", "В работе", 50, "P", false),
    addStage(0, "FINAL_INVOICE", "Договор", "Финальный счёт", 60, "P", false),
  ];
  const p0won = addStage(0, "WON", "Сделка успешна", "Сделка успешна", 70, "S", true);
  const p0lose = addStage(0, "LOSE", "Сделка провалена", "Сделка провалена", 80, "F", true);
  const p0price = addStage(0, "APOLOGY", "Дорого", "Анализ причины провала", 90, "F", false);
  const p0comp = addStage(0, ucId(), "Ушли к конкуренту", "Ушли к конкуренту", 100, "F", false);
  const p0budget = addStage(0, ucId(), "Нет бюджета", "Нет бюджета", 110, "F", false);
  const p0silent = addStage(
    0,
    "3",
    "Пропал, не выходит на связь",
    "Пропал, не выходит на связь",
    120,
    "F",
    false,
  );
  const p0fit = addStage(0, ucId(), "Не подошёл функционал", "Не подошёл функционал", 130, "F", false);
  const p0later = addStage(0, ucId(), "Отложили на потом", "Отложили на потом", 140, "F", false);

  // Pipeline 1 "Крупные клиенты": default stages (one id truncated as on real portals), reason in a UF.
  const p1 = [
    addStage(1, "NEW", "Новая", "Новая", 10, "P", true),
    addStage(1, "PREPARATION", "Подготовка документов", "Подготовка документов", 20, "P", false),
    addStage(1, "PREPAYMENT_INVOIC", "Счёт на предоплату", "Счёт на предоплату", 30, "P", false),
    addStage(1, "EXECUTING", "В работе", "В работе", 40, "P", false),
    addStage(1, "FINAL_INVOICE", "Финальный счёт", "Финальный счёт", 50, "P", false),
  ];
  const p1won = addStage(1, "WON", "Сделка успешна", "Сделка успешна", 60, "S", true);
  const p1lose = addStage(1, "LOSE", "Сделка провалена", "Сделка провалена", 70, "F", true);
  const p1apology = addStage(
    1,
    "APOLOGY",
    "Анализ причины провала",
    "Анализ причины провала",
    80,
    "F",
    false,
  );

  const pipelines: PipelineDef[] = [
    {
      id: 0,
      name: "Продажи",
      sort: 100,
      process: p0,
      won: p0won,
      lose: p0lose,
      apology: p0price,
      failByReason: [p0price, p0comp, p0budget, p0silent, p0fit, p0later, p0lose, p0lose],
      dwellDays: [1, 3, 6, 5, 7, 6],
      lossProb: [0.12, 0.2, 0.16, 0.22, 0.18, 0.1],
      amountMul: 1,
    },
    {
      id: 1,
      name: "Крупные клиенты",
      sort: 200,
      process: p1,
      won: p1won,
      lose: p1lose,
      apology: p1apology,
      failByReason: null,
      dwellDays: [2, 8, 7, 12, 9],
      lossProb: [0.1, 0.2, 0.22, 0.15, 0.08],
      amountMul: 4,
    },
  ];

  if (withThirdPipeline) {
    // A deleted pipeline 2 left a gap: the third pipeline is C3.
    const p3 = [
      addStage(3, "NEW", "Новый тендер", "Новая", 10, "P", true),
      addStage(3, ucId(), "Подготовка заявки", "Подготовка заявки", 20, "P", false),
      addStage(3, ucId(), "Заявка подана", "Заявка подана", 30, "P", false),
      addStage(3, ucId(), "Рассмотрение заявок", "Рассмотрение заявок", 40, "P", false),
    ];
    const p3won = addStage(3, "WON", "Тендер выигран", "Сделка успешна", 50, "S", true);
    const p3lose = addStage(3, "LOSE", "Тендер проигран", "Сделка провалена", 60, "F", true);
    const p3apology = addStage(
      3,
      "APOLOGY",
      "Отказались от участия",
      "Анализ причины провала",
      70,
      "F",
      false,
    );
    pipelines.push({
      id: 3,
      name: "Тендеры",
      sort: 300,
      process: p3,
      won: p3won,
      lose: p3lose,
      apology: p3apology,
      failByReason: null,
      dwellDays: [2, 9, 14, 12],
      lossProb: [0.08, 0.25, 0.35, 0.3],
      amountMul: 3,
    });
  }

  const categoryRows: WireRecord[] = pipelines.map((p) => ({
    id: p.id,
    name: p.name,
    sort: p.sort,
    entityTypeId: 2,
    isDefault: p.id === 0 ? "Y" : "N",
    originId: "",
    originatorId: "",
  }));

  const rates: Record<string, number> = { RUB: 1, USD: 92.45, EUR: 100.12 };
  const updated = currencyUpdated;
  const currencyRows: WireRecord[] = [
    currencyRow("RUB", "1.0000", "100", "Y", "Российский рубль", "ru", "# ₽", updated),
    currencyRow("USD", "92.4500", "200", "N", "Доллар США", "en", "$#", updated),
    currencyRow("EUR", "100.1200", "300", "N", "Евро", "de", "# €", updated),
  ];

  const reasonField = `UF_CRM_${1_580_000_000_000 + rng.int(0, 99_999_999_999)}`;
  const competitorField = `UF_CRM_${1_690_000_000_000 + rng.int(0, 99_999_999_999)}`;
  const reasonLabels = [
    "Дорого",
    "Выбрали конкурента",
    "Нет бюджета",
    "Не выходит на связь",
    "Не подошёл продукт",
    "Отложили решение",
    "ЛПР отказал",
    "Другое",
  ];
  const firstOption = 40 + rng.int(0, 200) * 2;
  const reasonOptionIds = reasonLabels.map((_, i) => String(firstOption + i * 2));
  const ufBase = 100 + rng.int(0, 400);
  const userFieldRows: WireRecord[] = [
    {
      ID: String(ufBase),
      ENTITY_ID: "CRM_DEAL",
      FIELD_NAME: reasonField,
      USER_TYPE_ID: "enumeration",
      XML_ID: null,
      SORT: "100",
      MULTIPLE: "N",
      MANDATORY: "N",
      SHOW_FILTER: "E",
      SHOW_IN_LIST: "Y",
      EDIT_IN_LIST: "Y",
      IS_SEARCHABLE: "N",
      SETTINGS: { DISPLAY: "LIST", LIST_HEIGHT: 1, CAPTION_NO_VALUE: "", SHOW_NO_VALUE: "Y" },
      EDIT_FORM_LABEL: "Причина отказа",
      LIST_COLUMN_LABEL: "Причина отказа",
      LIST_FILTER_LABEL: "Причина отказа",
      ERROR_MESSAGE: "",
      HELP_MESSAGE: "",
      LIST: reasonLabels.map((label, i) => ({
        ID: reasonOptionIds[i]!,
        SORT: String((i + 1) * 10),
        VALUE: label,
        DEF: "N",
        XML_ID: rng.token(32, "0123456789abcdef"),
      })),
    },
    {
      ID: String(ufBase + 7),
      ENTITY_ID: "CRM_DEAL",
      FIELD_NAME: competitorField,
      USER_TYPE_ID: "string",
      XML_ID: null,
      SORT: "110",
      MULTIPLE: "N",
      MANDATORY: "N",
      SHOW_FILTER: "I",
      SHOW_IN_LIST: "Y",
      EDIT_IN_LIST: "Y",
      IS_SEARCHABLE: "N",
      SETTINGS: { SIZE: 20, ROWS: 1, REGEXP: "", MIN_LENGTH: 0, MAX_LENGTH: 0, DEFAULT_VALUE: "" },
      EDIT_FORM_LABEL: "Конкурент",
      LIST_COLUMN_LABEL: "Конкурент",
      LIST_FILTER_LABEL: "Конкурент",
      ERROR_MESSAGE: "",
      HELP_MESSAGE: "",
    },
  ];

  return {
    stages,
    pipelines,
    statusRows,
    categoryRows,
    currencyRows,
    userFieldRows,
    reasonField,
    competitorField,
    reasonOptionIds,
    sourceIds: SOURCES.map((s) => s[0]),
    sourceWeights: SOURCES.map((s) => s[2]),
    rates,
  };
}

function dictRow(id: number, entity: string, statusId: string, name: string, sort: number): WireRecord {
  return {
    ID: String(id),
    ENTITY_ID: entity,
    STATUS_ID: statusId,
    NAME: name,
    NAME_INIT: name,
    SORT: String(sort),
    SYSTEM: "Y",
    CATEGORY_ID: null,
    COLOR: null,
    SEMANTICS: null,
  };
}

function currencyRow(
  code: string,
  amount: string,
  sort: string,
  base: string,
  fullName: string,
  lid: string,
  format: string,
  updated: string,
): WireRecord {
  return {
    CURRENCY: code,
    AMOUNT_CNT: "1",
    AMOUNT: amount,
    SORT: sort,
    BASE: base,
    FULL_NAME: fullName,
    LID: lid,
    FORMAT_STRING: format,
    DEC_POINT: ".",
    THOUSANDS_SEP: "&nbsp;",
    DECIMALS: "2",
    DATE_UPDATE: updated,
  };
}
