/**
 * The Stages tables (lib/reports/tables/stages.ts) on a hand-made pipeline: the page's table per pipeline with the
 * unknown stage and won under it, the CSV with every pipeline named on each row, and where each funnel count leads.
 */
import { describe, expect, it } from "vitest";
import type { StageRow, StagesDto, StagesView } from "@/lib/analytics/stages";
import { pipelineLinks, stagesCsvTable, stagesTable } from "@/lib/reports/tables/stages";
import { csvTable, screenTable } from "@/lib/reports/tables/table";
import type { Slice } from "@/lib/url-state/slice";

const drill = (s: Slice) =>
  `/deals?${new URLSearchParams(Object.entries(s).map(([k, v]) => [k, String(v)]))}`;

const stage = (stageId: string, name: string, reached: number, lostAt: number): StageRow => ({
  stageId,
  name,
  sort: 10,
  count: reached,
  previous: null,
  dropped: null,
  dropoff: null,
  reached,
  lostAt,
  lostMoney: lostAt * 100,
  lossShare: lostAt / 4,
  lossShareMoney: lostAt / 4,
  lossShareOfAll: lostAt / 8,
  lossShareMoneyOfAll: lostAt / 8,
  dropOffRate: lostAt / reached,
  conversionToNext: 0.5,
  medianDaysBeforeLoss: 2,
  medianDaysLostAt: 1.5,
  openNow: 1,
});

const pipeline: StagesDto = {
  pipelineId: 3,
  pipelineName: "Тендеры",
  totals: { closedDeals: 6, wonDeals: 2, lostDeals: 4, lostMoney: 400 },
  shareOfAll: { lostDeals: 0.5, lostMoney: 0.5 },
  stages: [stage("C3:NEW", "Новая", 6, 1), stage("C3:BID", "Заявка", 5, 2)],
  won: { count: 2, previous: 5, dropped: 3, dropoff: 0.6 },
  unknown: {
    lostAt: 1,
    lostMoney: 100,
    lossShare: 0.25,
    lossShareMoney: 0.25,
    lossShareOfAll: 0.125,
    lossShareMoneyOfAll: 0.125,
  },
  openNow: 2,
  matrix: {
    reasons: [{ reasonKey: null, label: "", lostDeals: 1 }],
    stages: [{ stageId: "C3:BID", name: "Заявка" }],
    cells: [{ reasonKey: null, stageId: "C3:BID", lostDeals: 1, lostMoney: 100 }],
  },
};
const view = (allPipelines: boolean): StagesView => ({
  allPipelines,
  totals: { closedDeals: 12, wonDeals: 4, lostDeals: 8, lostMoney: 800 },
  pipelines: [pipeline],
  emptyPipelines: [],
});

describe("the Stages tables", () => {
  it("the CSV names the pipeline on each row, ends each pipeline with its unknown stage, and always has both shares", () => {
    for (const all of [true, false]) {
      const file = csvTable(stagesCsvTable(view(all), "ru"), "RUB");
      expect(file.columns.map((c) => c.header)).toEqual([
        "Воронка",
        "Стадия",
        "Дошли",
        "Проиграны на стадии",
        "Потеряно денег (RUB)",
        "Доля потерь воронки",
        "Доля всех потерь",
        "Доля денег воронки",
        "Доля всех денег",
        "Отвал",
        "Конверсия дальше",
        "Медиана дней до проигрыша",
        "Открыто сейчас",
      ]);
      expect(file.rows.map((r) => r.slice(0, 4))).toEqual([
        ["Тендеры", "Новая", 6, 1],
        ["Тендеры", "Заявка", 5, 2],
        ["Тендеры", "Стадия неизвестна", null, 1],
      ]);
      expect(file.rows[2]?.slice(9)).toEqual([null, null, null, null]);
    }
  });

  it("one pipeline on the page: shares of the pipeline only, unknown and won pinned under the stages", () => {
    const page = screenTable(stagesTable(pipeline, view(false), null, "ru"), drill);
    expect(page.columns.map((c) => c.header)).not.toContain("Доля всех потерь");
    expect(page.columns.find((c) => c.key === "lossShare")?.header).toBe("Доля потерь");
    expect(page.rows[1]).toMatchObject({
      id: "C3:BID",
      links: {
        reached: "/deals?reached=C3%3ABID",
        lostAt: "/deals?stage=C3%3ABID",
        lostMoney: "/deals?stage=C3%3ABID",
        openNow: "/deals?current=C3%3ABID&outcome=open",
      },
    });
    expect(page.footer?.map((r) => [r.values.stage, r.values.reached, r.values.lostAt])).toEqual([
      ["Стадия неизвестна", null, 1],
      ["Выиграно", 2, null],
    ]);
  });

  it("every pipeline shown: both shares on the page; comparing adds the previous period's losses per stage", () => {
    const before = { ...view(true), pipelines: [{ ...pipeline, stages: [stage("C3:BID", "Заявка", 5, 5)] }] };
    const page = screenTable(stagesTable(pipeline, view(true), before, "ru"), drill);
    expect(page.columns.find((c) => c.key === "lossShare")?.header).toBe("Доля потерь воронки");
    expect(page.columns.map((c) => c.key)).toContain("lossShareAll");
    expect(page.rows.map((r) => [r.values.previous, r.values.change])).toEqual([
      [0, "+1"],
      [5, "−3"],
    ]);
    expect(page.footer?.map((r) => r.values.previous)).toEqual([null, null]);
  });

  it("each count of the funnel leads to its own deals", () => {
    const to = pipelineLinks(pipeline, drill);
    expect(to.won).toBe("/deals?outcome=won&pipeline=3");
    expect(to.unknown).toBe("/deals?stage=unknown&pipeline=3");
    expect(to.stages[0]).toEqual({
      reached: "/deals?reached=C3%3ANEW",
      lostAt: "/deals?stage=C3%3ANEW",
      openNow: "/deals?current=C3%3ANEW&outcome=open",
    });
    expect(to.cells).toEqual(["/deals?stage=C3%3ABID&reason=none&pipeline=3"]);
    expect(pipelineLinks(pipeline, null).stages[0]?.reached).toBeUndefined();
  });
});
