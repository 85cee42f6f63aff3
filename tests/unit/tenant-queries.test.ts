/**
 * The tenant-query rule (scripts/tenant-query-rules.ts) on hand-written statements: each join between tenant tables
 * needs a portal_id equality between them; the ways a statement can have or lack one.
 */
import { loadModule, parseSync } from "libpg-query";
import { beforeAll, describe, expect, it } from "vitest";
import { tenancyOf } from "@/db/schema/tenancy";
import { checkCapturedStatements, checkParsed, type ParsedStatement } from "@/scripts/tenant-query-rules";

beforeAll(async () => {
  await loadModule();
});

const isTenant = (t: string) => tenancyOf(t) === "tenant";
const violations = (text: string, params: unknown[] = []) =>
  checkParsed(parseSync(text) as ParsedStatement, isTenant, params).map((v) => `${v.left} ⋈ ${v.right}`);

describe("joins that keep the portal", () => {
  it.each([
    [
      "explicit equality",
      "select 1 from deal_facts f join comments c on c.portal_id = f.portal_id and c.deal_id = f.deal_id",
    ],
    ["using (portal_id, …)", "select 1 from deal_facts f join deal_stage_spans s using (portal_id, deal_id)"],
    [
      "both equal to one parameter",
      "select 1 from deal_facts f, comments c where f.portal_id = $1 and c.portal_id = $1 and c.deal_id = f.deal_id",
    ],
    [
      "a chain of equalities",
      "select 1 from deals d join deal_facts f on f.portal_id = d.portal_id join comments c on c.portal_id = f.portal_id join comment_themes t on t.portal_id = d.portal_id",
    ],
    ["one constant", "select 1 from deals d, comments c where d.portal_id = 7 and c.portal_id = 7"],
    [
      "a correlated EXISTS",
      "select 1 from deal_facts f where f.portal_id = $1 and exists (select 1 from comments c where c.portal_id = f.portal_id and c.deal_id = f.deal_id)",
    ],
    [
      "a pinned derived table",
      "select 1 from deal_facts f join (select deal_id from comments where portal_id = $1 group by deal_id) c on c.deal_id = f.deal_id where f.portal_id = $1",
    ],
    [
      "a derived table exposing portal_id",
      "select 1 from deal_facts f join (select portal_id, deal_id from comments) c on c.portal_id = f.portal_id and c.deal_id = f.deal_id",
    ],
    [
      "a CTE pinned to the portal",
      "with c as (select deal_id from comments where portal_id = $1) select 1 from c join deal_facts f on f.deal_id = c.deal_id and f.portal_id = $1",
    ],
    [
      "INSERT … SELECT keeping the portal",
      "insert into deal_facts_stage_days (portal_id, deal_id, stage_id) select f.portal_id, f.deal_id, 'x' from deal_facts f where f.portal_id = $1",
    ],
    [
      "UPDATE … FROM with the portal",
      "update deal_facts f set has_comment = true from comments c where c.portal_id = f.portal_id and c.deal_id = f.deal_id",
    ],
    [
      "DELETE … USING with the portal",
      "delete from comment_themes ct using comment_theme_overrides o where o.portal_id = $1 and ct.portal_id = o.portal_id",
    ],
    [
      "a tenant table with a reference table",
      "select 1 from share_links s join app_users u on u.id = s.created_by",
    ],
    [
      "an uncorrelated IN subquery",
      "select 1 from deal_facts f where f.portal_id = $1 and f.deal_id in (select deal_id from comments where portal_id = $2)",
    ],
    ["a single tenant table", "select count(*) from deal_facts where outcome = 'lost'"],
  ])("%s", (_name, text) => {
    expect(violations(text)).toEqual([]);
  });

  it("two parameters holding the same portal are one portal", () => {
    const text =
      "select 1 from deal_facts f, comments c where f.portal_id = $1 and c.portal_id = $2 and c.deal_id = f.deal_id";
    expect(violations(text, [3, 3])).toEqual([]);
    expect(violations(text, [3, 4])).toEqual(["deal_facts f ⋈ comments c"]);
  });
});

describe("joins that lose the portal", () => {
  it.each([
    [
      "a join on the deal alone",
      "select 1 from deal_facts f join comments c on c.deal_id = f.deal_id where f.portal_id = $1",
      "deal_facts f ⋈ comments c",
    ],
    [
      "an implicit join without the portal",
      "select 1 from themes t, comment_themes ct where ct.theme_id = t.id",
      "themes t ⋈ comment_themes ct",
    ],
    [
      "the equality only under OR",
      "select 1 from deal_facts f join comments c on c.deal_id = f.deal_id where f.portal_id = c.portal_id or f.deal_id = 1",
      "deal_facts f ⋈ comments c",
    ],
    [
      "a correlated EXISTS on the deal alone",
      "select 1 from deal_facts f where f.portal_id = $1 and exists (select 1 from comments c where c.deal_id = f.deal_id)",
      "deal_facts f ⋈ comments c",
    ],
    [
      "a correlated scalar subquery",
      "select f.deal_id, (select count(*) from comment_themes t where t.deal_id = f.deal_id) from deal_facts f where f.portal_id = $1",
      "deal_facts f ⋈ comment_themes t",
    ],
    [
      "a derived table with no portal",
      "select 1 from deal_facts f join (select deal_id from comments) c on c.deal_id = f.deal_id where f.portal_id = $1",
      "deal_facts f ⋈ (subquery c)",
    ],
    [
      "a CTE with no portal",
      "with c as (select deal_id from comments) select 1 from c join deal_facts f on f.deal_id = c.deal_id",
      "(cte c) ⋈ deal_facts f",
    ],
    [
      "INSERT … SELECT from another portal's rows",
      "insert into comment_words (portal_id, word) select $1, w.word from comment_words w where w.portal_id = $2",
      "comment_words ⋈ comment_words w",
    ],
    [
      "UPDATE … FROM on the deal alone",
      "update deal_facts f set has_comment = true from comments c where c.deal_id = f.deal_id",
      "deal_facts f ⋈ comments c",
    ],
    [
      "a LATERAL subquery on the deal alone",
      "select 1 from deal_facts f cross join lateral (select count(*) from activities a where a.owner_id = f.deal_id) x where f.portal_id = $1",
      "deal_facts f ⋈ activities a",
    ],
  ])("%s", (_name, text, pair) => {
    expect(violations(text)).toContain(pair);
  });
});

describe("the captured-statement check", () => {
  it("reads each distinct statement once per parameter set and names the failing ones", async () => {
    const good = "select 1 from deal_facts f join comments c on c.portal_id = f.portal_id";
    const bad = "select 1 from deal_facts f join comments c on c.deal_id = f.deal_id";
    const res = await checkCapturedStatements([
      { text: good, params: [] },
      { text: good, params: [] },
      { text: bad, params: [] },
      { text: "not sql at all", params: [] },
    ]);
    expect(res.statements).toBe(3);
    expect(res.unparsed).toBe(1);
    expect(res.failed.map((f) => f.text)).toEqual([bad]);
  });
});
