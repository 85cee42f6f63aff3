/**
 * crm.timeline.comment.list / .get as the portal implements them (CCrmTimelineCommentRestProxy, see
 * emulator/README.md): one deal per call, every filter key but ENTITY_ID and ENTITY_TYPE ignored, order on
 * ID / CREATED / AUTHOR_ID only; get names the comment's deal.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bigSnapshot, call, type Emu, ids, rows, start } from "./helpers";

describe("timeline comments", () => {
  let emu: Emu;
  beforeAll(async () => {
    const snap = bigSnapshot(3, { comments: 4 });
    // Deal 2 gets two comments of its own (ids 5, 6), after deal 1's four.
    for (const id of [5, 6]) {
      snap.lists["crm.timeline.comment.list"].push({
        ID: String(id),
        ENTITY_ID: "2",
        ENTITY_TYPE: "deal",
        CREATED: "2024-03-01T10:00:00+03:00",
        COMMENT: `Deal 2, comment ${id}`,
        AUTHOR_ID: String(id === 5 ? 3 : 1),
        FILES: {},
      });
    }
    emu = await start(snap);
  });
  afterAll(async () => {
    await emu?.close();
  });

  const list = async (filter: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    ids(rows(await call(emu, "crm.timeline.comment.list", { filter, ...extra })));

  it("reads one deal per call: other filter keys are ignored, an id array is PHP's (int) cast — deal 1", async () => {
    expect(await list({ ENTITY_ID: 2, ENTITY_TYPE: "deal" })).toEqual([5, 6]);
    // A created-since or id cursor does not narrow the list.
    expect(
      await list({ ENTITY_ID: 2, ENTITY_TYPE: "deal", ">CREATED": "2030-01-01T00:00:00+03:00" }),
    ).toEqual([5, 6]);
    expect(await list({ ENTITY_ID: 2, ENTITY_TYPE: "DEAL", ">ID": 5 })).toEqual([5, 6]);
    // Several deals at once are not possible: [2, 3] is cast to 1.
    expect(await list({ ENTITY_ID: [2, 3], ENTITY_TYPE: "deal" })).toEqual([1, 2, 3, 4]);
    const r = await call(emu, "crm.timeline.comment.list", {
      filter: { "@ENTITY_ID": [1, 2], ENTITY_TYPE: "deal" },
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("");
  });

  it("orders on ID, CREATED and AUTHOR_ID only, DESC only as spelled", async () => {
    expect(await list({ ENTITY_ID: 2, ENTITY_TYPE: "deal" }, { order: { ID: "DESC" } })).toEqual([6, 5]);
    expect(await list({ ENTITY_ID: 2, ENTITY_TYPE: "deal" }, { order: { AUTHOR_ID: "DESC" } })).toEqual([
      5, 6,
    ]);
    expect(await list({ ENTITY_ID: 2, ENTITY_TYPE: "deal" }, { order: { ID: "desc" } })).toEqual([5, 6]);
    expect(await list({ ENTITY_ID: 2, ENTITY_TYPE: "deal" }, { order: { COMMENT: "DESC" } })).toEqual([5, 6]);
  });

  it("crm.timeline.comment.get names the comment's deal; a missing one is a CRM 400", async () => {
    const r = await call(emu, "crm.timeline.comment.get", { id: 6 });
    expect(r.status).toBe(200);
    expect(r.body.result).toEqual({
      ID: "6",
      ENTITY_ID: "2",
      ENTITY_TYPE: "deal",
      CREATED: "2024-03-01T10:00:00+03:00",
      COMMENT: "Deal 2, comment 6",
      AUTHOR_ID: "1",
    });
    const missing = await call(emu, "crm.timeline.comment.get", { id: 999 });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ error: "", error_description: "Not found." });
  });
});
