import { describe, expect, it } from "vitest";
import {
  COMMENT_OUTCOMES,
  commentsExportHref,
  parseCommentParams,
  searchQueryHref,
  serializeCommentParams,
} from "@/lib/url-state/comments";
import { backTarget, dealDrillHref, dealsLinks } from "@/lib/url-state/deals";
import {
  carryFiltersHref,
  filterChangeHref,
  filterFormValues,
  filterResetHref,
} from "@/lib/url-state/filter-form";
import { parseFilters, serializeFilters, serializeViewFilters } from "@/lib/url-state/filters";
import {
  BACK_PARAM,
  COMMENT_PARAM_KEYS,
  FILTER_KEYS,
  SLICE_FIELDS,
  SLICE_KEYS,
  TABLE_KEYS,
  URL_KEYS,
  VIEW_FILTER_KEYS,
} from "@/lib/url-state/keys";
import { href, toSearchParams, withChanges } from "@/lib/url-state/params";
import { DRILLDOWN_SORTS, parseSlice, type Slice, serializeSlice, sliceSchema } from "@/lib/url-state/slice";

/** The golden portal's frozen now: Wednesday 1 July 2026, noon in Moscow. */
const NOW = new Date("2026-07-01T12:00:00+03:00");
const F = (q: string) => parseFilters(new URLSearchParams(q), NOW, { sorts: DRILLDOWN_SORTS });

describe("one key list", () => {
  it("every key is listed once, and the groups make up the whole", () => {
    expect(new Set(URL_KEYS).size).toBe(URL_KEYS.length);
    expect(FILTER_KEYS).toEqual([...VIEW_FILTER_KEYS, ...TABLE_KEYS]);
    expect(SLICE_KEYS).toEqual(SLICE_FIELDS.map((k) => `d_${k}`));
    expect(URL_KEYS).toEqual([...FILTER_KEYS, ...COMMENT_PARAM_KEYS, ...SLICE_KEYS, BACK_PARAM]);
  });

  it("the slice schema has exactly the listed fields", () => {
    expect(Object.keys(sliceSchema.shape)).toEqual([...SLICE_FIELDS]);
  });

  it("a full view writes every filter key, in the list's order, and nothing else", () => {
    const f = F(
      "from=2026-01-01&to=2026-03-31&compare=1&pipeline=3&stage=C3:NEW&managers=2,1&department=4&reasons=none" +
        "&source=WEB&client=new&amountMin=10&amountMax=20&sort=-amount&page=2&size=50",
    );
    const keys = [...serializeFilters(f).keys()];
    expect(keys).toEqual(FILTER_KEYS.filter((k) => k !== "period"));
    expect([...serializeFilters(F("period=thisYear")).keys()]).toEqual(["period"]);
  });

  it("the comment params read exactly their listed keys", () => {
    const all = Object.fromEntries(COMMENT_PARAM_KEYS.map((k) => [k, "1"]));
    expect(Object.keys(parseCommentParams(all))).toEqual([...COMMENT_PARAM_KEYS]);
  });
});

describe("round trips: parse ∘ serialize", () => {
  const links = [
    "",
    "period=all",
    "from=2026-01-01&to=2026-03-31",
    "from=2026-05-01",
    "period=lastQuarter&compare=1&pipeline=0",
    "stage=unknown&managers=1,2,3&reasons=field%3A102,none",
    "department=7&source=CALL&client=returning&amountMin=0&amountMax=1000.5",
    "sort=-amount&page=3&size=100",
    "sort=title",
  ];
  it.each(links)("%s is written back as itself", (q) => {
    expect(serializeFilters(F(q)).toString()).toBe(new URLSearchParams(q).toString());
  });

  it.each(links)("%s parses to the same filters after a trip through its link", (q) => {
    const f = F(q);
    expect(F(serializeFilters(f).toString())).toEqual(f);
  });

  it("equivalent links give one canonical link", () => {
    expect(serializeFilters(F("managers=3&managers=1,3&period=last90&page=1&size=25")).toString()).toBe(
      "managers=1%2C3",
    );
    expect(serializeFilters(F("to=2026-01-01&from=2026-02-01")).toString()).toBe(
      "from=2026-01-01&to=2026-02-01",
    );
  });

  it("a slice and the comment params survive their links", () => {
    const slices: Slice[] = [
      {},
      { stage: "C1:NEW", outcome: "lost" },
      { manager: 0, priorWin: false, bothOutcomes: true, month: "2026-06" },
      { quadrant: "both", basis: "worked", deal: 42, pipeline: 0, week: "2026-06-29" },
    ];
    for (const s of slices) expect(parseSlice(serializeSlice(s))).toEqual(s);
    for (const o of COMMENT_OUTCOMES) {
      const p = parseCommentParams({
        q: "цена",
        author: "5",
        theme: "2",
        outcome: o,
        priorWin: "0",
        pos: "25",
      });
      expect(parseCommentParams(serializeCommentParams(p))).toEqual(p);
    }
  });
});

describe("defaults are omitted", () => {
  it("the default view, slice and comment state write nothing", () => {
    expect(serializeFilters(parseFilters({}, NOW)).toString()).toBe("");
    expect(serializeSlice(parseSlice({})).toString()).toBe("");
    expect(serializeCommentParams(parseCommentParams({})).toString()).toBe("");
  });

  it("the view's filters leave out sort, page and size", () => {
    expect(serializeViewFilters(F("period=all&sort=-amount&page=4&size=50")).toString()).toBe("period=all");
  });
});

describe("links built from the URL state", () => {
  it("a filter change drops the page and keeps the rest; lists join with commas", () => {
    const current = new URLSearchParams("period=all&page=3&sort=-date&q=x");
    expect(filterChangeHref("/reasons", current, { managers: ["1", "2"], period: null })).toBe(
      "/reasons?sort=-date&q=x&managers=1%2C2",
    );
    expect(filterChangeHref("/reasons", new URLSearchParams("page=2"), { stage: "" })).toBe("/reasons");
  });

  it("a reset removes every view filter, and the sidebar carries only them", () => {
    const current = new URLSearchParams("period=all&client=new&sort=-date&page=2&d_stage=X&back=stages");
    expect(filterResetHref("/stages", current)).toBe("/stages?sort=-date&d_stage=X&back=stages");
    expect(carryFiltersHref("/overview", current)).toBe("/overview?period=all&client=new");
  });

  it("the filter bar's values cover every view key, with defaults filled in", () => {
    const v = filterFormValues(F("period=custom&from=2026-02-01&managers=2"), NOW);
    for (const k of VIEW_FILTER_KEYS) expect(v).toHaveProperty(k);
    expect(v).toMatchObject({ period: "custom", from: "2026-02-01", to: "", managers: ["2"], client: "all" });
    expect(v.viewTo).toBe("2026-07-01");
  });

  it("the drill-down's links: sort flips, back drops the slice and the table state", () => {
    const params = { period: "all", d_stage: "C1:NEW", sort: "-amount", page: "2", back: "stages" };
    const links = dealsLinks(params, { key: "amount", dir: "desc" });
    expect(links.sort("amount")).toBe("/deals?period=all&d_stage=C1%3ANEW&sort=amount&back=stages");
    expect(links.sort("title")).toBe("/deals?period=all&d_stage=C1%3ANEW&sort=-title&back=stages");
    expect(links.page(3)).toBe("/deals?period=all&d_stage=C1%3ANEW&sort=-amount&page=3&back=stages");
    expect(links.back).toBe("/stages?period=all");
    expect(links.csv).toContain("/api/export/deals?period=all&");
    expect(links.csv).toContain("table=deals");
    expect(backTarget("https://evil.example")).toBe("/overview");
    expect(dealsLinks({ back: ["stages", "me"] }, { key: "date", dir: "desc" }).back).toBe("/overview");
  });

  it("a comment's deal, a new search and the export keep the view", () => {
    const f = F("period=all&page=2");
    const deal = { dealId: 5, outcome: "lost" as const, managerId: null, reasonKey: null, lossDate: null };
    expect(dealDrillHref(f, deal)).toBe("/deals?period=all&d_outcome=lost&d_deal=5&back=comments");
    const current = new URLSearchParams("period=all&q=old&after=abc&pos=25");
    expect(searchQueryHref("/comments", current, "цена")).toBe(
      "/comments?period=all&q=%D1%86%D0%B5%D0%BD%D0%B0",
    );
    expect(searchQueryHref("/comments", current, "  ")).toBe("/comments?period=all");
    const cp = parseCommentParams({ q: "x", outcome: "won", after: "abc", pos: "25" });
    expect(commentsExportHref(f, cp)).toBe("/api/export/comments?period=all&q=x&outcome=won");
  });

  it("search params from a page record or the browser read the same", () => {
    const record = { a: ["1", "2"], b: "x", c: undefined };
    expect(toSearchParams(record).toString()).toBe("a=1&a=2&b=x");
    expect(withChanges(record, { a: null, d: ["p", "q"] }, ["b"]).toString()).toBe("d=p%2Cq");
    expect(href("/x", {})).toBe("/x");
  });
});
