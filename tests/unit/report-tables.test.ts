/**
 * Report tables (lib/reports/tables) on small hand-made reports: one column definition gives the page's table and
 * the CSV's, each number on the page links to the deals behind it, and what belongs to one of them only stays there.
 */
import { describe, expect, it } from "vitest";
import { emptyCapture } from "@/lib/analytics/capture";
import type { ManagersDto } from "@/lib/analytics/managers";
import type { ReasonsDto } from "@/lib/analytics/reasons";
import type { QuadrantSummary } from "@/lib/analytics/strategies";
import { priorWinTable } from "@/lib/reports/tables/clients";
import { managersTable } from "@/lib/reports/tables/managers";
import { trendTable } from "@/lib/reports/tables/overview";
import { reasonManagerCells, reasonManagerMatrix, reasonsTable } from "@/lib/reports/tables/reasons";
import { quadrantsTable } from "@/lib/reports/tables/strategies";
import { csvTable, pctRange, screenTable } from "@/lib/reports/tables/table";
import type { Slice } from "@/lib/url-state/slice";

/** A drill-down link that shows its slice, so a test reads where a cell leads. */
const drill = (s: Slice) =>
  `/deals?${new URLSearchParams(Object.entries(s).map(([k, v]) => [k, String(v)]))}`;

const reasons: ReasonsDto = {
  totals: { lostDeals: 5, lostMoney: 500 },
  by: "count",
  reasons: [
    {
      reasonKey: "price",
      label: "Дорого",
      lostDeals: 3,
      lostMoney: 300,
      share: 0.6,
      moneyShare: 0.6,
      cumulativeShare: 0.6,
    },
    {
      reasonKey: null,
      label: null,
      lostDeals: 2,
      lostMoney: 200,
      share: 0.4,
      moneyShare: 0.4,
      cumulativeShare: 1,
    },
  ],
  mix: { months: [], rows: [] },
  byManager: {
    managers: [
      { managerId: 7, name: "Анна", lostDeals: 4 },
      { managerId: null, name: null, lostDeals: 1 },
    ],
    cells: [
      { reasonKey: "price", managerId: 7, lostDeals: 3, lostMoney: 300 },
      { reasonKey: null, managerId: 7, lostDeals: 1, lostMoney: 100 },
      { reasonKey: null, managerId: null, lostDeals: 1, lostMoney: 100 },
    ],
  },
} as ReasonsDto;

describe("the Reasons tables", () => {
  it("the CSV names the currency in money headers and says «Не указана» for no reason", () => {
    const file = csvTable(reasonsTable(reasons, null, "ru"), "EUR");
    expect(file.columns.map((c) => c.header)).toEqual([
      "Причина",
      "Сделок",
      "Доля сделок",
      "Денег (EUR)",
      "Доля денег",
      "Накопленная доля",
    ]);
    expect(file.rows).toEqual([
      ["Дорого", 3, 0.6, 300, 0.6, 0.6],
      ["Не указана", 2, 0.4, 200, 0.4, 1],
    ]);
  });

  it("the page links counts and money to the reason's deals, and compares with the previous period on screen only", () => {
    const previous = { ...reasons, reasons: [{ ...reasons.reasons[0], lostDeals: 1 }] } as ReasonsDto;
    const table = reasonsTable(reasons, previous, "ru");
    const page = screenTable(table, drill);
    expect(page.columns.map((c) => c.key)).toEqual([
      "reason",
      "lostDeals",
      "share",
      "lostMoney",
      "moneyShare",
      "cumulative",
      "previous",
      "change",
    ]);
    expect(page.rows[0]).toMatchObject({
      id: "price",
      values: { reason: "Дорого", lostDeals: 3, previous: 1, change: "+2" },
      links: { lostDeals: "/deals?reason=price", lostMoney: "/deals?reason=price" },
    });
    expect(page.rows[1]?.values.change).toBe("+2");
    expect(csvTable(table, "RUB").columns).toHaveLength(6);
    expect(screenTable(table, null).rows[0]?.links).toBeUndefined();
  });

  it("reason × manager: a matrix of the top reasons on the page, one row per pair in the CSV", () => {
    const matrix = screenTable(reasonManagerMatrix(reasons, "en"), drill);
    expect(matrix.columns.map((c) => c.header)).toEqual(["Manager", "Дорого", "Not specified"]);
    expect(matrix.rows.map((r) => r.values)).toEqual([
      { manager: "Анна", "r:price": 3, "r:none": 1 },
      { manager: "No responsible user", "r:price": 0, "r:none": 1 },
    ]);
    expect(matrix.rows[1]?.links).toEqual({ "r:none": "/deals?reason=none&manager=0" });
    const cells = csvTable(reasonManagerCells(reasons, "ru"), "RUB");
    expect(cells.columns.map((c) => c.header)).toEqual(["Менеджер", "Причина", "Сделок", "Денег (RUB)"]);
    expect(cells.rows).toEqual([
      ["Анна", "Дорого", 3, 300],
      ["Анна", "Не указана", 1, 100],
      ["Без ответственного", "Не указана", 1, 100],
    ]);
  });
});

const managers: ManagersDto = {
  rows: [
    {
      managerId: 1,
      name: "Борис",
      closedDeals: 20,
      wonDeals: 5,
      lostDeals: 15,
      lossRate: 0.75,
      lossRateInterval: { low: 0.531, high: 0.888 },
      winRate: 0.25,
      winRateInterval: null,
      lossShare: 0.9,
      lostMoney: 1500,
      revenue: 500,
      averageLostDeal: 100,
      tooFewToJudge: false,
      rank: 1,
    },
    {
      managerId: 2,
      name: null,
      closedDeals: 2,
      wonDeals: 1,
      lostDeals: 1,
      lossRate: 0.5,
      lossRateInterval: null,
      winRate: 0.5,
      winRateInterval: null,
      lossShare: 0.1,
      lostMoney: 100,
      revenue: 50,
      averageLostDeal: 100,
      tooFewToJudge: true,
      rank: null,
    },
  ],
  teamMedian: {
    closedDeals: 11,
    wonDeals: 3,
    lostDeals: 8,
    lossRate: 0.625,
    winRate: 0.375,
    lossShare: 0.5,
    lostMoney: 800,
    revenue: 275,
    averageLostDeal: 100,
  },
  total: {
    closedDeals: 22,
    wonDeals: 6,
    lostDeals: 16,
    lossRate: 16 / 22,
    lossRateInterval: { low: 0.5, high: 0.9 },
    winRate: 6 / 22,
    winRateInterval: null,
    lostMoney: 1600,
    revenue: 550,
    averageLostDeal: 100,
  },
  minClosedToJudge: 10,
  capture: emptyCapture(),
};

describe("the Managers table", () => {
  it("the CSV splits the interval and marks «too few» in its own column; the page joins both into the cells", () => {
    const table = managersTable(managers, null, "ru");
    const file = csvTable(table, "RUB");
    expect(file.columns.map((c) => c.header)).toEqual([
      "Место",
      "Менеджер",
      "Закрыто",
      "Выиграно",
      "Проиграно",
      "Доля проигрышей",
      "95% интервал (min)",
      "95% интервал (max)",
      "Доля всех потерь",
      "Потеряно (RUB)",
      "Выручка (RUB)",
      "Средний проигрыш (RUB)",
      "",
    ]);
    expect(file.rows[1]).toEqual([
      null,
      "Без ответственного",
      2,
      1,
      1,
      0.5,
      null,
      null,
      0.1,
      100,
      50,
      100,
      "мало сделок для оценки",
    ]);
    expect(file.rows).toHaveLength(2);
    const page = screenTable(table, drill);
    expect(page.rows[0]?.values.interval).toBe("53–89\u00a0%");
    expect(page.rows[1]).toMatchObject({
      muted: true,
      note: "мало сделок для оценки",
      values: { manager: "Без ответственного · мало сделок для оценки" },
    });
    expect(page.rows[0]?.links).toEqual({
      closed: "/deals?manager=1&outcome=closed",
      won: "/deals?manager=1&outcome=won",
      lost: "/deals?manager=1&outcome=lost",
      lostMoney: "/deals?manager=1&outcome=lost",
    });
  });

  it("the team median and the whole team sit under the rows, unranked, unlinked, with no previous period", () => {
    const previous = { ...managers, rows: [{ ...managers.rows[0], lossRate: 0.5 }] } as ManagersDto;
    const page = screenTable(managersTable(managers, previous, "en"), drill);
    expect(
      page.footer?.map((r) => [r.id, r.values.manager, r.values.rank, r.values.previous, r.links]),
    ).toEqual([
      ["median", "Team median", null, null, undefined],
      ["total", "Whole team", null, null, undefined],
    ]);
    expect(page.footer?.[1]?.values.lossShare).toBe(1);
    expect(page.rows[0]?.values).toMatchObject({ previous: 0.5, change: "+25 pp" });
    expect(page.rows[1]?.values).toMatchObject({ previous: null, change: null });
  });
});

describe("the other tables", () => {
  it("the Overview trend: a local date bucket, counts, money and the loss rate", () => {
    const file = csvTable(
      trendTable(
        {
          trend: [
            {
              bucket: "2026-10-05",
              lostDeals: 2,
              lostMoney: 10,
              wonDeals: 1,
              closedDeals: 3,
              lossRate: 2 / 3,
            },
          ],
        },
        "en",
      ),
      "USD",
    );
    expect(file.columns).toEqual([
      { header: "Date", format: "date" },
      { header: "Deals lost", format: "int" },
      { header: "Money lost (USD)", format: "money" },
      { header: "Won", format: "int" },
      { header: "Closed", format: "int" },
      { header: "Loss rate", format: "pct" },
    ]);
    expect(file.rows).toEqual([["2026-10-05", 2, 10, 1, 3, 2 / 3]]);
  });

  it("Strategies: the interval is on the page only; counts open the quadrant's deals", () => {
    const q: QuadrantSummary = {
      quadrant: "depth",
      managers: 2,
      dealsWorked: 40,
      closedDeals: 30,
      wonDeals: 12,
      winRate: 0.4,
      winRateInterval: { low: 0.25, high: 0.57 },
      revenue: 1000,
      revenuePerDeal: 25,
      profit: null,
    };
    const table = quadrantsTable({ quadrants: [q] }, "en");
    expect(csvTable(table, "EUR").rows).toEqual([
      ["Depth (few deals, many touches)", 2, 40, 12, 0.4, 1000, 25, null],
    ]);
    const page = screenTable(table, drill);
    expect(page.rows[0]?.values.interval).toBe("25–57%");
    expect(page.rows[0]?.links).toEqual({
      dealsWorked: "/deals?quadrant=depth",
      won: "/deals?quadrant=depth&outcome=won",
    });
  });

  it("Clients: the deal links to Bitrix24 on the page even without drill-downs; the CSV adds the id", () => {
    const rows = [
      {
        dealId: 9,
        title: "Лицензии",
        clientName: "ООО «Ромашка»",
        managerName: null,
        lossDate: "2026-10-01T21:30:00Z",
        amount: 5,
      },
    ];
    const table = priorWinTable(rows, "ru", { domain: "acme.bitrix24.ru" });
    expect(screenTable(table, null).rows[0]?.links).toEqual({
      deal: "https://acme.bitrix24.ru/crm/deal/details/9/",
    });
    const file = csvTable(table, "RUB");
    expect(file.columns.map((c) => [c.header, c.format])).toEqual([
      ["ID", "int"],
      ["Сделка", "text"],
      ["Клиент", "text"],
      ["Менеджер", "text"],
      ["Дата проигрыша", "instant"],
      ["Сумма (RUB)", "money"],
    ]);
    expect(file.rows).toEqual([[9, "Лицензии", "ООО «Ромашка»", null, "2026-10-01T21:30:00Z", 5]]);
  });

  it("an interval of shares is one piece with one sign", () => {
    expect(pctRange({ low: 0.3649, high: 0.5251 }, "ru")).toBe("36–53\u00a0%");
    expect(pctRange({ low: 0.3649, high: 0.5251 }, "en")).toBe("36–53%");
  });
});
