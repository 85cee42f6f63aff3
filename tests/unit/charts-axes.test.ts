/**
 * Charts name their axes, and a bucket the period covers only in part is marked, not drawn as a dip
 * (issue 13 item 18); the Strategies verdict never prints "p = 0.00" and names its currency (item 17).
 */
import type { EChartsOption } from "echarts";
import { describe, expect, it } from "vitest";
import { buildOption, type ChartSpec, PARTIAL_STYLE } from "@/components/charts/options";
import { type QuadrantSummary, verdictFor } from "@/lib/analytics/strategies";
import { formatP } from "@/lib/format";
import { strategyVerdictText } from "@/lib/i18n";
import { partialBuckets } from "@/lib/reports/partial-buckets";
import { parseFilters } from "@/lib/url-state/filters";

const axes = { x: "Ось X", y: "Ось Y", y2: "Ось Y2" };

const SPECS: ChartSpec[] = [
  {
    kind: "trend",
    locale: "ru",
    labels: { lost: "Проиграно", previous: "Прошлый", lossRate: "Доля", partial: "неполный период" },
    axes,
    buckets: ["2026-08-03", "2026-08-10", "2026-08-17"],
    partial: [true, false, true],
    lost: [{ value: 2 }, { value: 9 }, { value: 4 }],
    previousLost: null,
    lossRate: [0.5, 0.6, 0.4],
  },
  {
    kind: "funnel",
    locale: "ru",
    labels: { reached: "Дошли", lostAt: "Проиграны", openNow: "Открыто сейчас" },
    axes,
    stages: ["Новая", "КП"],
    reached: [{ value: 5 }, { value: 3 }],
    lostAt: [{ value: 2 }, { value: 1 }],
    openNow: [{ value: 4, href: "/deals?d_current=NEW" }, { value: 0 }],
  },
  { kind: "heatmap", locale: "ru", axes, x: ["Новая"], y: ["Дорого"], cells: [[0, 0, 3, null]] },
  {
    kind: "pareto",
    locale: "ru",
    currency: "RUB",
    labels: { measure: "Сделок", cumulative: "Накопленная доля" },
    axes,
    money: false,
    reasons: ["Дорого"],
    values: [{ value: 3 }],
    cumulative: [1],
  },
  {
    kind: "stacked",
    locale: "ru",
    axes,
    buckets: ["2026-07", "2026-08"],
    partial: [false, true],
    partialLabel: "неполный период",
    series: [{ name: "Дорого", data: [{ value: 1 }, { value: 2 }] }],
    percent: false,
  },
  { kind: "bars", locale: "ru", name: "Клиентов", axes, categories: ["< 30 дн."], values: [{ value: 3 }] },
];

type Axis = { name?: string; data?: string[] };
const list = (a: EChartsOption["xAxis"] | EChartsOption["yAxis"]) => (Array.isArray(a) ? a : [a]) as Axis[];

describe("chart axes carry titles", () => {
  for (const spec of SPECS) {
    it(`${spec.kind}: x and y axes are named from the spec`, () => {
      const o = buildOption(spec);
      expect(list(o.xAxis)[0]?.name).toBe("Ось X");
      expect(list(o.yAxis)[0]?.name).toBe("Ось Y");
      if (spec.kind === "trend" || spec.kind === "pareto") expect(list(o.yAxis)[1]?.name).toBe("Ось Y2");
    });
  }
});

describe("partial periods are marked", () => {
  it("trend: a partial bucket's bar is hatched and its label starred; full ones are plain", () => {
    const o = buildOption(SPECS[0] as ChartSpec);
    const bars = (o.series as { data: { itemStyle?: unknown }[] }[])[0]?.data ?? [];
    expect(bars.map((b) => b.itemStyle ?? null)).toEqual([PARTIAL_STYLE, null, PARTIAL_STYLE]);
    expect(list(o.xAxis)[0]?.data?.map((l) => l.endsWith("*"))).toEqual([true, false, true]);
    const tooltip = o.tooltip as { formatter: (p: unknown) => string };
    const at = (i: number) =>
      tooltip.formatter([{ dataIndex: i, seriesName: "Проиграно", value: 2, marker: "" }]);
    expect(at(0)).toContain("неполный период");
    expect(at(1)).not.toContain("неполный период");
  });

  it("funnel: open deals now are a series of their own, with their links", () => {
    const o = buildOption(SPECS[1] as ChartSpec);
    const open = (o.series as { name: string; data: { href?: string }[] }[]).find(
      (x) => x.name === "Открыто сейчас",
    );
    expect(open?.data.map((d) => d.href)).toEqual(["/deals?d_current=NEW", undefined]);
  });

  it("partialBuckets: the first and last weeks of «last 90 days», and the running month of «all time»", () => {
    // Sunday 1 Nov 2026, 12:00 Moscow: last 90 days = Tue 4 Aug … Sun 1 Nov (to = 2 Nov 00:00).
    const now = new Date("2026-11-01T12:00:00+03:00");
    const f = parseFilters(new URLSearchParams("period=last90"), now, { offset: "+03:00" });
    // Weeks from Mon 3 Aug to Mon 26 Oct: 3 Aug is cut (the period starts on the 4th); the week of 26 Oct is
    // still running at noon on its Sunday.
    const weeks = ["2026-08-03", "2026-08-10", "2026-10-19", "2026-10-26"];
    expect(partialBuckets(weeks, "week", f.range, f.offset, now)).toEqual([true, false, false, true]);
    // Mid-week "now": the last week is cut by the end of today.
    const wed = new Date("2026-10-28T12:00:00+03:00");
    const g = parseFilters(new URLSearchParams("period=last90"), wed, { offset: "+03:00" });
    expect(partialBuckets(["2026-10-19", "2026-10-26"], "week", g.range, g.offset, wed)).toEqual([
      false,
      true,
    ]);
    // All time: the month still running when "now" falls inside it; months before are whole.
    const all = parseFilters(new URLSearchParams("period=all"), now, { offset: "+03:00" });
    expect(partialBuckets(["2026-09", "2026-10", "2026-11"], "month", all.range, all.offset, now)).toEqual([
      false,
      false,
      true,
    ]);
    // Last month is whole; a portal west of UTC counts its own midnights.
    const last = parseFilters(new URLSearchParams("period=lastMonth"), now, { offset: "-05:00" });
    expect(partialBuckets(["2026-10-01"], "month", last.range, last.offset, now)).toEqual([false]);
  });
});

describe("the Strategies verdict", () => {
  const q = (
    quadrant: QuadrantSummary["quadrant"],
    won: number,
    closed: number,
    rpd: number,
  ): QuadrantSummary => ({
    quadrant,
    managers: 2,
    dealsWorked: closed,
    closedDeals: closed,
    wonDeals: won,
    winRate: won / closed,
    winRateInterval: null,
    revenue: rpd * closed,
    revenuePerDeal: rpd,
    profit: null,
  });

  it("writes a tiny p-value as «p < 0.001», never «p = 0.00», and money with its currency", () => {
    const v = verdictFor([q("volume", 417, 1448, 59548), q("depth", 253, 513, 284355)], "RUB");
    expect(v.pValue).toBeLessThan(0.001);
    expect(strategyVerdictText(v, "ru")).toContain("p < 0,001");
    expect(strategyVerdictText(v, "en")).toContain("p < 0.001");
    expect(strategyVerdictText(v, "ru")).not.toMatch(/p = 0[.,]00/);
    expect(strategyVerdictText(v, "ru")).toMatch(/284\s355\s₽ выручки на сделку против 59\s548\s₽/);
    expect(strategyVerdictText(v, "en")).toMatch(/USD|RUB\s284,355 revenue per deal vs RUB\s59,548/);
    const usd = verdictFor([q("volume", 417, 1448, 59548), q("depth", 253, 513, 284355)], "USD");
    expect(strategyVerdictText(usd, "en")).toContain("$284,355");
  });

  it("formatP: two decimals, three below 0.01, a bound below 0.001", () => {
    expect(formatP(0.5049, "en")).toBe("p = 0.50");
    expect(formatP(0.0042, "ru")).toBe("p = 0,004");
    expect(formatP(0.00042, "ru")).toBe("p < 0,001");
  });
});
