import { describe, expect, it } from "vitest";
import { describeFilters, type FilterLookups } from "@/lib/i18n/describe-filters";
import { parseFilters, serializeFilters } from "@/lib/url-state/filters";
import { localDateBounds, previousPeriod } from "@/lib/url-state/period";

/** The golden portal's frozen now: Wednesday 1 July 2026, noon in Moscow. */
const NOW = new Date("2026-07-01T12:00:00+03:00");
const P = (q: string, opts = {}) => parseFilters(new URLSearchParams(q), NOW, opts);

describe("parseFilters", () => {
  it("defaults: the last 90 days up to the end of today, Moscow time", () => {
    const f = parseFilters({}, NOW);
    expect(f).toMatchObject({
      period: "last90",
      from: null,
      to: null,
      compare: false,
      pipeline: null,
      stage: null,
      managers: [],
      department: null,
      reasons: [],
      source: null,
      client: "all",
      amountMin: null,
      amountMax: null,
      page: 1,
      size: 25,
      sort: null,
      previous: null,
      offset: "+03:00",
    });
    // 3 Apr .. 1 Jul inclusive = 90 days.
    expect(f.range).toEqual({ from: "2026-04-02T21:00:00.000Z", to: "2026-07-01T21:00:00.000Z" });
  });

  it("garbage falls back to defaults value by value, and never throws", () => {
    const f = P(
      "period=banana&from=2026-02-30&compare=maybe&pipeline=1.5&stage=A%20B&managers=2,x,3,2,-1&department=dep" +
        "&reasons=stage:1,evil,none,field:&source=a,b&client=vip&amountMin=abc&amountMax=-3&page=-1&size=33&sort=drop%20table",
      { sorts: ["amount"] },
    );
    expect(f).toMatchObject({
      period: "last90",
      from: null,
      compare: false,
      pipeline: null,
      stage: null,
      managers: [2, 3],
      department: null,
      reasons: ["none", "stage:1"],
      source: null,
      client: "all",
      amountMin: null,
      amountMax: null,
      page: 1,
      size: 25,
      sort: null,
    });
    const junk = [
      "",
      "%",
      "\u0000",
      "1e309",
      "NaN",
      "[]",
      "{}",
      "-0",
      "9".repeat(40),
      "ё",
      "2026-13-01",
      "null",
    ];
    const keys = [
      "period",
      "from",
      "to",
      "compare",
      "pipeline",
      "stage",
      "managers",
      "reasons",
      "amountMin",
      "page",
      "size",
      "sort",
    ];
    for (const k of keys) for (const v of junk) expect(() => parseFilters({ [k]: v }, NOW)).not.toThrow();
    expect(() => parseFilters({ managers: ["1", "2"], page: ["2", "3"] }, NOW)).not.toThrow();
  });

  it("accepts records with arrays, repeated params and comma lists alike", () => {
    expect(parseFilters({ managers: ["3", "2"], reasons: "stage:LOSE,none" }, NOW)).toMatchObject({
      managers: [2, 3],
      reasons: ["none", "stage:LOSE"],
    });
    expect(P("managers=3&managers=2,7").managers).toEqual([2, 3, 7]);
    expect(P("page=2&page=9").page).toBe(2);
  });

  it("custom periods: inclusive dates, swapped bounds, open ends; a preset wins over stray dates", () => {
    expect(P("from=2026-01-01&to=2026-12-31").range).toEqual({
      from: "2025-12-31T21:00:00.000Z",
      to: "2026-12-31T21:00:00.000Z",
    });
    expect(P("from=2026-12-31&to=2026-01-01")).toMatchObject({
      period: "custom",
      from: "2026-01-01",
      to: "2026-12-31",
    });
    expect(P("period=custom&from=2026-03-01").range).toEqual({ from: "2026-02-28T21:00:00.000Z", to: null });
    expect(P("period=custom").period).toBe("last90");
    expect(P("period=last30&from=2026-01-01")).toMatchObject({ period: "last30", from: null });
    expect(P("amountMin=500&amountMax=100")).toMatchObject({ amountMin: 100, amountMax: 500 });
  });

  it("resolves every preset against now, with the previous period when comparing", () => {
    const r = (period: string) => {
      const f = P(`period=${period}&compare=1`);
      return [f.range.from, f.range.to, f.previous?.from, f.previous?.to];
    };
    // Local midnights in +03:00 are 21:00Z of the day before.
    expect(r("last30")).toEqual([
      "2026-06-01T21:00:00.000Z", // 2 Jun .. 1 Jul
      "2026-07-01T21:00:00.000Z",
      "2026-05-02T21:00:00.000Z", // the 30 days before
      "2026-06-01T21:00:00.000Z",
    ]);
    // This month so far (1 day) against the same stretch of June.
    expect(r("thisMonth")).toEqual([
      "2026-06-30T21:00:00.000Z",
      "2026-07-01T21:00:00.000Z",
      "2026-05-31T21:00:00.000Z",
      "2026-06-01T21:00:00.000Z",
    ]);
    // June against May (31 days, not June's 30).
    expect(r("lastMonth")).toEqual([
      "2026-05-31T21:00:00.000Z",
      "2026-06-30T21:00:00.000Z",
      "2026-04-30T21:00:00.000Z",
      "2026-05-31T21:00:00.000Z",
    ]);
    expect(r("lastQuarter")).toEqual([
      "2026-03-31T21:00:00.000Z",
      "2026-06-30T21:00:00.000Z",
      "2025-12-31T21:00:00.000Z",
      "2026-03-31T21:00:00.000Z",
    ]);
    expect(r("thisQuarter").slice(0, 2)).toEqual(["2026-06-30T21:00:00.000Z", "2026-07-01T21:00:00.000Z"]);
    // 1 Jan .. 1 Jul 2026 = 182 days, against 1 Jan .. 1 Jul 2025.
    expect(r("thisYear")).toEqual([
      "2025-12-31T21:00:00.000Z",
      "2026-07-01T21:00:00.000Z",
      "2024-12-31T21:00:00.000Z",
      "2025-07-01T21:00:00.000Z",
    ]);
    expect(r("last12Months")).toEqual([
      "2025-07-01T21:00:00.000Z",
      "2026-07-01T21:00:00.000Z",
      "2024-07-01T21:00:00.000Z",
      "2025-07-01T21:00:00.000Z",
    ]);
    expect(r("all")).toEqual([null, null, undefined, undefined]);
  });

  it("takes the portal's offset as a parameter", () => {
    const f = P("from=2026-01-01&to=2026-01-31", { offset: "+05:00" });
    expect(f.range).toEqual({ from: "2025-12-31T19:00:00.000Z", to: "2026-01-31T19:00:00.000Z" });
    expect(P("from=2026-01-01", { offset: "Moscow" }).offset).toBe("+03:00");
    // Just after midnight Moscow time it is already 2 July there.
    const late = parseFilters({ period: "last30" }, new Date("2026-07-01T21:30:00Z"));
    expect(late.range.to).toBe("2026-07-02T21:00:00.000Z");
    expect(
      previousPeriod({ period: "custom", from: null, to: null, offset: "+03:00" }, { from: null, to: null }),
    ).toBeNull();
  });

  it("sort: only whitelisted keys, '-' for descending", () => {
    expect(P("sort=-amount", { sorts: ["amount", "date"] }).sort).toEqual({ key: "amount", dir: "desc" });
    expect(P("sort=date", { sorts: ["amount", "date"] }).sort).toEqual({ key: "date", dir: "asc" });
    expect(P("sort=password", { sorts: ["amount"] }).sort).toBeNull();
    expect(P("sort=amount").sort).toBeNull();
    expect(P("size=100").size).toBe(100);
  });
});

describe("serializeFilters", () => {
  it("omits defaults", () => {
    expect(serializeFilters(parseFilters({}, NOW)).toString()).toBe("");
  });

  it("round-trips in a stable order", () => {
    const q =
      "size=50&page=3&sort=-amount&amountMax=90000&amountMin=1000.5&client=returning&source=CALL&reasons=stage:1,none,field:102" +
      "&department=2&managers=3,2&stage=C1:NEW&pipeline=1&compare=on&to=2026-04-30&from=2026-03-01";
    const f = P(q, { sorts: ["amount"] });
    const s = serializeFilters(f);
    expect(s.toString()).toBe(
      "from=2026-03-01&to=2026-04-30&compare=1&pipeline=1&stage=C1%3ANEW&managers=2%2C3&department=2" +
        "&reasons=field%3A102%2Cnone%2Cstage%3A1&source=CALL&client=returning&amountMin=1000.5&amountMax=90000" +
        "&sort=-amount&page=3&size=50",
    );
    expect(P(s.toString(), { sorts: ["amount"] })).toEqual(f);
    for (const preset of ["last30", "thisQuarter", "all", "last12Months"]) {
      const g = P(`period=${preset}&compare=1`);
      expect(P(serializeFilters(g).toString())).toEqual(g);
    }
  });
});

describe("describeFilters", () => {
  const lookups: FilterLookups = {
    pipelines: { "0": "Продажи", "1": "Тендеры" },
    stages: { OFFER: "Коммерческое предложение" },
    managers: { "2": "Иван Иванов" },
    departments: { "2": "Отдел продаж" },
    reasons: { "stage:1": "Ушли к конкуренту" },
    sources: { CALL: "Звонок" },
  };
  const d = (q: string) => {
    const f = P(q);
    return [describeFilters(f, lookups, "ru"), describeFilters(f, lookups, "en")];
  };

  it("the issue's example", () => {
    expect(d("period=thisQuarter&pipeline=0&managers=2,3,4")).toEqual([
      "Проигранные в III кв. 2026 · Воронка «Продажи» · 3 менеджера",
      "Lost in Q3 2026 · Pipeline «Продажи» · 3 managers",
    ]);
  });

  it("periods in words", () => {
    expect(d("")).toEqual(["Проигранные за последние 90 дней", "Lost in the last 90 days"]);
    expect(d("period=all")).toEqual(["Проигранные за всё время", "Lost over all time"]);
    expect(d("period=lastMonth")).toEqual(["Проигранные в июне 2026", "Lost in June 2026"]);
    expect(d("period=thisYear")).toEqual(["Проигранные в 2026 году", "Lost in 2026"]);
    expect(d("from=2026-01-01&to=2026-12-31")).toEqual(["Проигранные в 2026 году", "Lost in 2026"]);
    expect(d("from=2026-04-01&to=2026-06-30")).toEqual(["Проигранные в II кв. 2026", "Lost in Q2 2026"]);
    expect(d("from=2026-02-01&to=2026-02-28")).toEqual([
      "Проигранные в феврале 2026",
      "Lost in February 2026",
    ]);
    expect(d("from=2026-03-01&to=2026-04-30")).toEqual([
      "Проигранные с 1 марта 2026 по 30 апреля 2026",
      "Lost from Mar 1, 2026 to Apr 30, 2026",
    ]);
    expect(d("from=2026-03-08&to=2026-03-08")).toEqual(["Проигранные 8 марта 2026", "Lost on Mar 8, 2026"]);
    expect(d("period=custom&from=2026-03-01")).toEqual([
      "Проигранные с 1 марта 2026",
      "Lost since Mar 1, 2026",
    ]);
  });

  it("every filter, with names and Russian plurals", () => {
    const [ru, en] = d(
      "period=last30&compare=1&stage=OFFER&managers=2&department=2&reasons=stage:1&source=CALL&client=new&amountMin=10000&amountMax=50000",
    );
    expect(ru?.replace(/\s/g, " ")).toBe(
      "Проигранные за последние 30 дней · сравнение с предыдущим периодом · Стадия «Коммерческое предложение» · Иван Иванов" +
        " · Отдел «Отдел продаж» · Причина «Ушли к конкуренту» · Источник «Звонок» · Новые клиенты · Сумма от 10 000 до 50 000",
    );
    expect(en).toBe(
      "Lost in the last 30 days · vs previous period · Stage «Коммерческое предложение» · Иван Иванов" +
        " · Department «Отдел продаж» · Reason «Ушли к конкуренту» · Source «Звонок» · New clients · Amount 10,000–50,000",
    );
    expect(d("managers=1,2,3,4,5")[0]).toContain("5 менеджеров");
    expect(d(`managers=${Array.from({ length: 21 }, (_, i) => i + 1).join(",")}`)[0]).toMatch(/21 менеджер$/);
    expect(d("managers=7")).toEqual([
      "Проигранные за последние 90 дней · #7",
      "Lost in the last 90 days · #7",
    ]);
    expect(d("reasons=none&client=returning&stage=unknown")).toEqual([
      "Проигранные за последние 90 дней · Стадия не известна · Причина не указана · Повторные клиенты",
      "Lost in the last 90 days · Stage unknown · Reason not specified · Returning clients",
    ]);
    expect(d("reasons=none,stage:1&amountMin=5")).toEqual([
      "Проигранные за последние 90 дней · 2 причины · Сумма от 5",
      "Lost in the last 90 days · 2 reasons · Amount ≥ 5",
    ]);
  });
});

describe("localDateBounds: the dates a view covers, for the custom-period inputs", () => {
  const now = new Date("2026-11-01T12:00:00+03:00");
  const bounds = (q: string, offset = "+03:00") =>
    localDateBounds(parseFilters(new URLSearchParams(q), now, { offset }), now);
  it("gives inclusive local dates of presets and keeps custom dates", () => {
    expect(bounds("period=lastMonth")).toEqual({ from: "2026-10-01", to: "2026-10-31" });
    expect(bounds("period=last30")).toEqual({ from: "2026-10-03", to: "2026-11-01" });
    expect(bounds("from=2026-03-01&to=2026-03-31")).toEqual({ from: "2026-03-01", to: "2026-03-31" });
    expect(bounds("period=lastMonth", "-05:00")).toEqual({ from: "2026-10-01", to: "2026-10-31" });
  });
  it("leaves an open start empty and ends an open period today", () => {
    expect(bounds("period=all")).toEqual({ from: "", to: "2026-11-01" });
  });
  it("switching to custom with these dates keeps the view's period", () => {
    const f = parseFilters(new URLSearchParams("period=lastMonth"), now, { offset: "+03:00" });
    const { from, to } = localDateBounds(f, now);
    const custom = parseFilters(new URLSearchParams({ from, to }), now, { offset: "+03:00" });
    expect(custom.period).toBe("custom");
    expect(custom.range).toEqual(f.range);
  });
});
