import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  ACTIVITY_LEAN_DEFAULTS,
  type GeneratedTruth,
  generatePortal,
  generatePortalWithTruth,
} from "@/emulator/generator";
import { type PortalSnapshot, SNAPSHOT_METHODS, type WireRecord, writeSnapshot } from "@/emulator/snapshot";
import { dateFieldValue } from "@/emulator/wire";
import { BUILTIN_COMPETITORS } from "@/lib/themes/lexicon";

const N = 3000;
const NOW = "2026-11-01T12:00:00+03:00";
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/;
const DATE_FIELD = /^\d{4}-\d{2}-\d{2}T03:00:00\+03:00$/;

let snap: PortalSnapshot;
let truth: GeneratedTruth;
let deals: WireRecord[];
let history: WireRecord[];
let activities: WireRecord[];
let comments: WireRecord[];
let historyByDeal: Map<string, WireRecord[]>;
let stages: Map<string, { semantic: string; category: string }>;

function s(row: WireRecord, key: string): string {
  return row[key] as string;
}

/** Names of a pipeline's failure stages, in crm.status.list order. */
function failureStages(category: string): string[] {
  const entity = category === "0" ? "DEAL_STAGE" : `DEAL_STAGE_${category}`;
  return snap.lists["crm.status.list"]
    .filter((r) => r.ENTITY_ID === entity && r.SEMANTICS === "F")
    .map((r) => s(r, "NAME"));
}

beforeAll(() => {
  ({ snapshot: snap, truth } = generatePortalWithTruth({ seed: 7, deals: N }));
  deals = snap.lists["crm.deal.list"];
  history = snap.lists["crm.stagehistory.list"];
  activities = snap.lists["crm.activity.list"];
  comments = snap.lists["crm.timeline.comment.list"];
  // The tests below walk these lists with an expect per row: an empty list would pass every one of them.
  expect(deals).toHaveLength(N);
  expect(history.length).toBeGreaterThan(N);
  expect(activities.length).toBeGreaterThan(N);
  expect(comments.length).toBeGreaterThan(100);
  expect(snap.lists["crm.status.list"].length).toBeGreaterThan(20);
  expect(snap.lists["crm.contact.list"].length).toBeGreaterThan(100);
  expect(snap.lists["crm.company.list"].length).toBeGreaterThan(100);
  historyByDeal = new Map();
  for (const row of history) {
    const list = historyByDeal.get(s(row, "OWNER_ID")) ?? [];
    list.push(row);
    historyByDeal.set(s(row, "OWNER_ID"), list);
  }
  stages = new Map();
  for (const row of snap.lists["crm.status.list"]) {
    const m = /^DEAL_STAGE(?:_(\d+))?$/.exec(s(row, "ENTITY_ID"));
    if (!m) continue;
    stages.set(s(row, "STATUS_ID"), {
      semantic: (row.SEMANTICS as string | null) ?? "P",
      category: m[1] ?? "0",
    });
  }
});

function dirFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir).sort()) out[f] = fs.readFileSync(path.join(dir, f), "utf8");
  return out;
}

describe("generator: determinism", () => {
  it("same seed → byte-identical snapshot folder; another seed → different data", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "losslens-gen-"));
    try {
      writeSnapshot(path.join(tmp, "a"), generatePortal({ seed: 11, deals: 1200 }));
      writeSnapshot(path.join(tmp, "b"), generatePortal({ seed: 11, deals: 1200 }));
      writeSnapshot(path.join(tmp, "c"), generatePortal({ seed: 12, deals: 1200 }));
      const a = dirFiles(path.join(tmp, "a"));
      expect(Object.keys(a)).toHaveLength(SNAPSHOT_METHODS.length + 1);
      expect(dirFiles(path.join(tmp, "b"))).toEqual(a);
      const c = dirFiles(path.join(tmp, "c"));
      expect(c["crm.deal.list.json"]).not.toEqual(a["crm.deal.list.json"]);
      expect(c["portal.json"]).not.toEqual(a["portal.json"]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("lean mode only drops the constant activity fields", () => {
    const full = generatePortal({ seed: 5, deals: 300 });
    const lean = generatePortal({ seed: 5, deals: 300, lean: true });
    expect(JSON.stringify(lean.lists["crm.deal.list"])).toEqual(JSON.stringify(full.lists["crm.deal.list"]));
    const fa = full.lists["crm.activity.list"];
    const la = lean.lists["crm.activity.list"];
    expect(fa.length).toBeGreaterThan(300);
    expect(la).toHaveLength(fa.length);
    for (let i = 0; i < fa.length; i++) {
      const merged = { ...ACTIVITY_LEAN_DEFAULTS, ...la[i] };
      expect(Object.keys(merged).sort()).toEqual(Object.keys(fa[i]!).sort());
      for (const k of Object.keys(fa[i]!)) expect(merged[k]).toEqual(fa[i]![k]);
    }
  });
});

describe("generator: portal meta and reference data", () => {
  it("portal meta", () => {
    const p = snap.portal;
    expect(p).toMatchObject({
      domain: "demo-losslens.bitrix24.ru",
      timezoneOffset: "+03:00",
      baseCurrency: "RUB",
      webhookUserId: 1,
      scopes: ["crm", "user", "department"],
      plan: "professional",
      now: NOW,
    });
    expect(p.webhookSecret).toMatch(/^[a-z0-9]{16,}$/);
    expect(p.memberId).toMatch(/^[a-z0-9]{16,}$/);
    expect(p.applicationToken).toMatch(/^[a-z0-9]{16,}$/);
  });

  it("pipelines, stages and dictionaries as documented", () => {
    const cats = snap.lists["crm.category.list"];
    expect(cats.length).toBeGreaterThanOrEqual(2);
    expect(cats[0]).toEqual({
      id: 0,
      name: "Продажи",
      sort: 100,
      entityTypeId: 2,
      isDefault: "Y",
      originId: "",
      originatorId: "",
    });
    const rows = snap.lists["crm.status.list"];
    for (const r of rows) {
      expect(Object.keys(r).slice(0, 10)).toEqual([
        "ID",
        "ENTITY_ID",
        "STATUS_ID",
        "NAME",
        "NAME_INIT",
        "SORT",
        "SYSTEM",
        "CATEGORY_ID",
        "COLOR",
        "SEMANTICS",
      ]);
      expect(typeof r.SORT).toBe("string");
      if (String(r.ENTITY_ID).startsWith("DEAL_STAGE")) {
        const cat = /^DEAL_STAGE_(\d+)$/.exec(s(r, "ENTITY_ID"))?.[1];
        expect(r.CATEGORY_ID).toBe(cat ?? null);
        if (cat) expect(s(r, "STATUS_ID").startsWith(`C${cat}:`)).toBe(true);
        const sem = r.SEMANTICS as string | null;
        expect([null, "S", "F"]).toContain(sem);
        const extra = r.EXTRA as { SEMANTICS: string; COLOR: string };
        expect(extra.SEMANTICS).toBe(sem === "S" ? "success" : sem === "F" ? "failure" : "process");
      }
    }
    const ids = rows.map((r) => s(r, "STATUS_ID"));
    expect(ids).toContain("C1:PREPAYMENT_INVOIC");
    // «Продажи» records a loss the generic way (the reason is in the field); «Крупные клиенты» by named stages.
    expect(failureStages("0")).toEqual(["Сделка провалена", "Анализ причины провала"]);
    expect(failureStages("1")).toEqual(
      expect.arrayContaining(["Закрыто и не реализовано", "Дорого", "Ушли к конкуренту", "Нет бюджета"]),
    );
    expect(failureStages("1").length).toBeGreaterThanOrEqual(6);
    const sources = new Set(rows.filter((r) => r.ENTITY_ID === "SOURCE").map((r) => s(r, "STATUS_ID")));
    for (const src of ["CALL", "EMAIL", "WEB", "ADVERTISING", "PARTNER", "RECOMMENDATION", "TRADE_SHOW"]) {
      expect(sources.has(src)).toBe(true);
    }
    for (const d of deals) expect(sources.has(s(d, "SOURCE_ID"))).toBe(true);
  });

  it("users and departments", () => {
    const users = snap.lists["user.get"];
    const depts = snap.lists["department.get"];
    const deptIds = new Set(depts.map((d) => Number(d.ID)));
    expect(depts[0]).toMatchObject({ ID: "1", NAME: "Компания" });
    expect(depts[0]).not.toHaveProperty("PARENT");
    expect(depts.length).toBeGreaterThanOrEqual(3);
    for (const d of depts) expect(typeof d.SORT).toBe("number");
    expect(users[0]).toMatchObject({ ID: "1", ACTIVE: true });
    for (const u of users) {
      expect(typeof u.ACTIVE).toBe("boolean");
      expect(Array.isArray(u.UF_DEPARTMENT)).toBe(true);
      for (const d of u.UF_DEPARTMENT as unknown[]) {
        expect(typeof d).toBe("number");
        expect(deptIds.has(d as number)).toBe(true);
      }
      expect(u.EMAIL).toMatch(/^[a-z.]+@/);
    }
    const managers = users.filter((u) => u.WORK_POSITION === "Менеджер по продажам");
    expect(managers.length).toBeGreaterThanOrEqual(8);
    expect(users.filter((u) => u.ACTIVE === false).map((u) => u.ID)).toEqual([truth.dismissedUserId]);
  });

  it("reason user field", () => {
    const uf = snap.lists["crm.deal.userfield.list"].find((f) => f.EDIT_FORM_LABEL === "Причина отказа")!;
    expect(uf.FIELD_NAME).toBe(truth.reasonField);
    expect(truth.reasonField).toMatch(/^UF_CRM_\d{13}$/);
    expect(uf.USER_TYPE_ID).toBe("enumeration");
    const options = new Set((uf.LIST as WireRecord[]).map((o) => s(o, "ID")));
    expect(options.size).toBeGreaterThanOrEqual(6);
    const lost = { filled: new Map<string, number>(), empty: new Map<string, number>() };
    for (const d of deals) {
      const v = s(d, truth.reasonField);
      expect(v === "" || options.has(v)).toBe(true);
      if (d.STAGE_SEMANTIC_ID !== "F") expect(v).toBe("");
      else {
        const m = v ? lost.filled : lost.empty;
        m.set(s(d, "CATEGORY_ID"), (m.get(s(d, "CATEGORY_ID")) ?? 0) + 1);
      }
    }
    // Generic pipeline: most managers pick a reason, a realistic share leave it empty.
    const [filled0, empty0] = [lost.filled.get("0") ?? 0, lost.empty.get("0") ?? 0];
    expect(filled0).toBeGreaterThan(empty0 * 3);
    expect(empty0).toBeGreaterThan((filled0 + empty0) * 0.05);
    // Named failure stages: the stage is the reason, the field is seldom filled.
    const [filled1, empty1] = [lost.filled.get("1") ?? 0, lost.empty.get("1") ?? 0];
    expect(empty1).toBeGreaterThan(100);
    expect(filled1).toBeLessThan((filled1 + empty1) * 0.1);
  });
});

describe("generator: consistency", () => {
  it("IDs ascend in creation order for every entity", () => {
    const check = (rows: WireRecord[], timeField: string) => {
      for (let i = 1; i < rows.length; i++) {
        expect(Number(rows[i]!.ID)).toBeGreaterThan(Number(rows[i - 1]!.ID));
        expect(Date.parse(s(rows[i]!, timeField))).toBeGreaterThanOrEqual(
          Date.parse(s(rows[i - 1]!, timeField)),
        );
      }
    };
    expect(deals.map((d) => d.ID)).toEqual(deals.map((_, i) => String(i + 1)));
    check(deals, "DATE_CREATE");
    check(history, "CREATED_TIME");
    check(activities, "CREATED");
    check(comments, "CREATED");
    check(snap.lists["crm.company.list"], "DATE_CREATE");
    check(snap.lists["crm.contact.list"], "DATE_CREATE");
  });

  it("deal stage, semantics, CLOSED and CLOSEDATE agree with stage history", () => {
    let missing = 0;
    for (const d of deals) {
      const st = stages.get(s(d, "STAGE_ID"))!;
      expect(st).toBeDefined();
      expect(d.CATEGORY_ID).toBe(st.category);
      expect(d.STAGE_SEMANTIC_ID).toBe(st.semantic);
      expect(d.CLOSED).toBe(st.semantic === "P" ? "N" : "Y");
      const rows = historyByDeal.get(s(d, "ID"));
      if (!rows) {
        missing++;
        continue;
      }
      const last = rows[rows.length - 1]!;
      expect(last.STAGE_ID).toBe(d.STAGE_ID);
      expect(last.CATEGORY_ID).toBe(d.CATEGORY_ID);
      expect(d.MOVED_TIME).toBe(last.CREATED_TIME);
      expect(rows[0]!.CREATED_TIME).toBe(d.DATE_CREATE);
      if (st.semantic !== "P")
        expect(dateFieldValue(s(d, "CLOSEDATE"))).toBe(s(last, "CREATED_TIME").slice(0, 10));
    }
    expect(missing).toBeGreaterThan(0);
    expect(missing).toBeLessThan(N * 0.02);
  });

  it("history TYPE_ID rules, with category changes, re-opened and directly-lost deals", () => {
    let moves = 0;
    let reopened = 0;
    let direct = 0;
    for (const rows of historyByDeal.values()) {
      expect(rows[0]!.TYPE_ID).toBe("1");
      if (rows[0]!.STAGE_SEMANTIC_ID === "F") direct++;
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        const st = stages.get(s(r, "STAGE_ID"))!;
        expect(r.STAGE_SEMANTIC_ID).toBe(st.semantic);
        expect(r.CATEGORY_ID).toBe(st.category);
        if (i === 0) continue;
        const prev = rows[i - 1]!;
        expect(Date.parse(s(r, "CREATED_TIME"))).toBeGreaterThan(Date.parse(s(prev, "CREATED_TIME")));
        if (r.TYPE_ID === "5") {
          moves++;
          expect(r.CATEGORY_ID).not.toBe(prev.CATEGORY_ID);
        } else {
          expect(r.CATEGORY_ID).toBe(prev.CATEGORY_ID);
          expect(r.TYPE_ID).toBe(st.semantic === "P" ? "2" : "3");
        }
        if (prev.STAGE_SEMANTIC_ID === "F" && r.STAGE_SEMANTIC_ID === "P") reopened++;
      }
    }
    expect(moves).toBeGreaterThan(0);
    expect(reopened).toBeGreaterThan(0);
    expect(direct).toBeGreaterThan(0);
    expect(history.length / N).toBeGreaterThan(3);
  });

  it("references resolve", () => {
    const users = new Set(snap.lists["user.get"].map((u) => s(u, "ID")));
    const companies = new Set(snap.lists["crm.company.list"].map((c) => s(c, "ID")));
    const contacts = new Set(snap.lists["crm.contact.list"].map((c) => s(c, "ID")));
    const dealIds = new Set(deals.map((d) => s(d, "ID")));
    const spellings = new Set<unknown>();
    for (const d of deals) {
      for (const k of [
        "ASSIGNED_BY_ID",
        "CREATED_BY_ID",
        "MODIFY_BY_ID",
        "MOVED_BY_ID",
        "LAST_ACTIVITY_BY",
      ]) {
        expect(users.has(s(d, k))).toBe(true);
      }
      const co = d.COMPANY_ID as string | null;
      if (co === null || co === "0") spellings.add(co);
      else expect(companies.has(co)).toBe(true);
      const ct = d.CONTACT_ID as string | null;
      if (ct !== null) expect(contacts.has(ct)).toBe(true);
    }
    expect(spellings).toEqual(new Set([null, "0"]));
    for (const a of activities) {
      expect(dealIds.has(s(a, "OWNER_ID"))).toBe(true);
      expect(users.has(s(a, "RESPONSIBLE_ID"))).toBe(true);
    }
    for (const c of comments) {
      expect(dealIds.has(s(c, "ENTITY_ID"))).toBe(true);
      expect(users.has(s(c, "AUTHOR_ID"))).toBe(true);
    }
    for (const c of snap.lists["crm.contact.list"]) {
      if (c.COMPANY_ID !== null) expect(companies.has(s(c, "COMPANY_ID"))).toBe(true);
    }
  });

  it("wire typing: scalars are strings, datetimes in +03:00, date fields by the midnight-UTC rule", () => {
    const nowMs = Date.parse(NOW);
    const scalarLists = [
      "crm.deal.list",
      "crm.stagehistory.list",
      "crm.activity.list",
      "crm.timeline.comment.list",
      "crm.company.list",
      "crm.contact.list",
      "crm.currency.list",
    ] as const;
    for (const method of scalarLists) {
      for (const row of snap.lists[method]) {
        for (const [k, v] of Object.entries(row)) {
          if (k === "FILES" || k === "SETTINGS" || k === "PROVIDER_PARAMS") continue;
          if (v !== null && typeof v !== "string") throw new Error(`${method} ${k} = ${JSON.stringify(v)}`);
        }
      }
    }
    for (const d of deals) {
      expect(d.BEGINDATE).toMatch(DATE_FIELD);
      expect(d.CLOSEDATE).toMatch(DATE_FIELD);
      expect(dateFieldValue(s(d, "BEGINDATE"))).toBe(s(d, "DATE_CREATE").slice(0, 10));
      for (const k of ["DATE_CREATE", "DATE_MODIFY", "MOVED_TIME", "LAST_ACTIVITY_TIME"]) {
        expect(d[k]).toMatch(DATETIME);
        expect(Date.parse(s(d, k))).toBeLessThanOrEqual(nowMs);
      }
      expect(Date.parse(s(d, "DATE_MODIFY"))).toBeGreaterThanOrEqual(Date.parse(s(d, "MOVED_TIME")));
      expect(d.OPPORTUNITY).toMatch(/^\d+\.\d{2}$/);
    }
    for (const h of history) {
      expect(h.CREATED_TIME).toMatch(DATETIME);
      expect(Date.parse(s(h, "CREATED_TIME"))).toBeLessThanOrEqual(nowMs);
    }
    for (const a of activities) {
      for (const k of ["CREATED", "LAST_UPDATED", "START_TIME", "END_TIME", "DEADLINE"])
        expect(a[k]).toMatch(DATETIME);
      expect(Date.parse(s(a, "CREATED"))).toBeLessThanOrEqual(nowMs);
      expect(Date.parse(s(a, "START_TIME"))).toBeGreaterThanOrEqual(Date.parse(s(a, "CREATED")) - 1000);
      if (a.COMPLETED === "Y") expect(Date.parse(s(a, "END_TIME"))).toBeLessThanOrEqual(nowMs);
      expect(a.STATUS).toBe(a.COMPLETED === "Y" ? "2" : "1");
    }
  });

  it("money: currencies convert with crm.currency.list rates; some zero amounts", () => {
    const rates = new Map(snap.lists["crm.currency.list"].map((c) => [s(c, "CURRENCY"), Number(c.AMOUNT)]));
    expect(snap.lists["crm.currency.list"].find((c) => c.BASE === "Y")?.CURRENCY).toBe("RUB");
    const currencies = new Set<string>();
    let zero = 0;
    for (const d of deals) {
      currencies.add(s(d, "CURRENCY_ID"));
      expect(d.ACCOUNT_CURRENCY_ID).toBe("RUB");
      const rate = rates.get(s(d, "CURRENCY_ID"))!;
      expect(Number(d.OPPORTUNITY_ACCOUNT)).toBeCloseTo(Number(d.OPPORTUNITY) * rate, 1);
      if (d.OPPORTUNITY === "0.00") zero++;
    }
    expect(currencies).toEqual(new Set(["RUB", "USD", "EUR"]));
    expect(zero).toBeGreaterThan(0);
    const sorted = deals.map((d) => Number(d.OPPORTUNITY_ACCOUNT)).sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    expect(median).toBeGreaterThan(80_000);
    expect(median).toBeLessThan(400_000);
    expect(sorted[sorted.length - 1]!).toBeGreaterThan(1_000_000);
  });
});

describe("generator: the story", () => {
  it("outcome mix: 20–30% open, both won and lost", () => {
    const count = (sem: string) => deals.filter((d) => d.STAGE_SEMANTIC_ID === sem).length;
    expect(count("P") / N).toBeGreaterThan(0.2);
    expect(count("P") / N).toBeLessThan(0.3);
    expect(count("S")).toBeGreaterThan(N * 0.15);
    expect(count("F")).toBeGreaterThan(N * 0.3);
  });

  it("about 15% of lost deals have no comment; comments vary and include hostile markup", () => {
    const commented = new Set(comments.map((c) => s(c, "ENTITY_ID")));
    const lost = deals.filter((d) => d.STAGE_SEMANTIC_ID === "F");
    const silent = lost.filter((d) => !d.COMMENTS && !commented.has(s(d, "ID"))).length;
    expect(silent / lost.length).toBeGreaterThan(0.1);
    expect(silent / lost.length).toBeLessThan(0.2);
    const texts = [
      ...comments.map((c) => s(c, "COMMENT")),
      ...deals.map((d) => (d.COMMENTS as string) ?? ""),
    ];
    const all = texts.join("\n");
    expect(all).toContain("<script>alert(1)</script>");
    expect(all).toMatch(/<p>|<b>/);
    expect(all).toMatch(/\[B\]/);
    for (const word of [
      /дорог/i,
      /цен/i,
      /амо|amo/i,
      /мегаплан|megaplan/i,
      /не бер[её]т трубку/i,
      /бюджет/i,
    ]) {
      expect(all).toMatch(word);
    }
    const nonLost = new Set(deals.filter((d) => d.STAGE_SEMANTIC_ID !== "F").map((d) => s(d, "ID")));
    expect(comments.some((c) => nonLost.has(s(c, "ENTITY_ID")))).toBe(true);
  });

  it("volume managers: more deals, fewer activities per deal, lower win rate than depth managers", () => {
    const acts = new Map<string, number>();
    for (const a of activities) acts.set(s(a, "OWNER_ID"), (acts.get(s(a, "OWNER_ID")) ?? 0) + 1);
    const agg = (persona: string) => {
      const users = Object.entries(truth.personas)
        .filter(([u, p]) => p === persona && u !== truth.dismissedUserId)
        .map(([u]) => u);
      const mine = deals.filter((d) => users.includes(s(d, "ASSIGNED_BY_ID")));
      const won = mine.filter((d) => d.STAGE_SEMANTIC_ID === "S").length;
      const lost = mine.filter((d) => d.STAGE_SEMANTIC_ID === "F").length;
      const activityCount = mine.reduce((sum, d) => sum + (acts.get(s(d, "ID")) ?? 0), 0);
      return {
        dealsPerManager: mine.length / users.length,
        activitiesPerDeal: activityCount / mine.length,
        winRate: won / (won + lost),
      };
    };
    const volume = agg("volume");
    const depth = agg("depth");
    expect(volume.dealsPerManager).toBeGreaterThan(depth.dealsPerManager * 2);
    expect(volume.activitiesPerDeal * 2).toBeLessThan(depth.activitiesPerDeal);
    expect(volume.winRate).toBeLessThan(depth.winRate);
    const perDeal = activities.length / N;
    expect(perDeal).toBeGreaterThan(3.5);
    expect(perDeal).toBeLessThan(8);
  });

  it("a new hire with fewer than 10 closed deals", () => {
    const closed = deals.filter((d) => d.ASSIGNED_BY_ID === truth.newHireUserId && d.CLOSED === "Y").length;
    expect(closed).toBeLessThan(10);
    expect(deals.some((d) => d.ASSIGNED_BY_ID === truth.newHireUserId)).toBe(true);
  });

  it("repeat clients: wins followed by losses and losses followed by wins", () => {
    const byClient = new Map<string, WireRecord[]>();
    for (const d of deals) {
      const key =
        d.COMPANY_ID && d.COMPANY_ID !== "0" ? `co${d.COMPANY_ID}` : d.CONTACT_ID ? `ct${d.CONTACT_ID}` : "";
      if (!key) continue;
      byClient.set(key, [...(byClient.get(key) ?? []), d]);
    }
    let winThenLoss = 0;
    let lossThenWin = 0;
    for (const list of byClient.values()) {
      const outcomes = list.map((d) => s(d, "STAGE_SEMANTIC_ID")).join("");
      if (/S.*F/.test(outcomes)) winThenLoss++;
      if (/F.*S/.test(outcomes)) lossThenWin++;
    }
    expect(winThenLoss).toBeGreaterThan(10);
    expect(lossThenWin).toBeGreaterThan(10);
    expect(deals.some((d) => d.IS_RETURN_CUSTOMER === "Y")).toBe(true);
    expect(deals.some((d) => d.IS_REPEATED_APPROACH === "Y")).toBe(true);
  });
});

describe("generator: a Russian portal's reasons and comments (issue #15)", () => {
  const norm = (t: string) => t.toLowerCase().replaceAll("ё", "е").trim();
  const options = () =>
    (
      snap.lists["crm.deal.userfield.list"].find((f) => f.FIELD_NAME === truth.reasonField)!
        .LIST as WireRecord[]
    ).map((o) => s(o, "VALUE"));
  /** Every comment text of a deal (timeline and the COMMENTS field), by deal id. */
  const commentsByDeal = () => {
    const by = new Map<string, string[]>();
    const add = (id: string, text: string) => by.set(id, [...(by.get(id) ?? []), text]);
    for (const c of comments) add(s(c, "ENTITY_ID"), s(c, "COMMENT"));
    for (const d of deals) if (d.COMMENTS) add(s(d, "ID"), s(d, "COMMENTS"));
    return by;
  };
  const lostTexts = () => {
    const lost = new Set(deals.filter((d) => d.STAGE_SEMANTIC_ID === "F").map((d) => s(d, "ID")));
    return [...commentsByDeal()].filter(([id]) => lost.has(id)).flatMap(([, texts]) => texts);
  };

  it("named failure stages overlap the field's options: same names, the same but for ё, near duplicates", () => {
    const opts = options();
    const named = failureStages("1").filter((n) => n !== "Закрыто и не реализовано");
    const exact = named.filter((n) => opts.includes(n));
    const sameNormalised = named.filter((n) => !opts.includes(n) && opts.some((o) => norm(o) === norm(n)));
    // Near: no option reads the same, but one shares a word stem (six letters) with the stage.
    const stems = (t: string) =>
      norm(t)
        .split(/\s+/)
        .filter((w) => w.length >= 6)
        .map((w) => w.slice(0, 6));
    const near = named.filter(
      (n) =>
        !opts.some((o) => norm(o) === norm(n)) &&
        opts.some((o) => stems(o).some((st) => stems(n).includes(st))),
    );
    expect(exact).toEqual(expect.arrayContaining(["Дорого", "Нет бюджета"]));
    expect(sameNormalised).toEqual(["Не подошел функционал"]);
    expect(near).toEqual(expect.arrayContaining(["Ушли к конкуренту", "Отложили"]));
    // Each pipeline keeps one generic failure stage that says nothing about why.
    const generic = ["Сделка провалена", "Закрыто и не реализовано", "Проиграна"];
    for (const cat of snap.lists["crm.category.list"]) {
      expect(failureStages(String(cat.id)).some((n) => generic.includes(n))).toBe(true);
    }
    expect(opts).toEqual(expect.arrayContaining(["Выбрали конкурента", "Нецелевой", "Другое"]));
  });

  it("lost deals' comments are Russian (by script) and varied", () => {
    const texts = lostTexts();
    expect(texts.length).toBeGreaterThan(500);
    const letters = (t: string, re: RegExp) => (t.match(re) ?? []).length;
    const russian = texts.filter((t) => letters(t, /[а-яё]/gi) > letters(t, /[a-z]/gi)).length;
    expect(russian / texts.length).toBeGreaterThanOrEqual(0.95);
    // English only as managers mix it in: a few comments carry an English word among Russian ones.
    const mixed = texts.filter(
      (t) => letters(t, /[а-яё]/gi) > 0 && /\b(follow-up|feedback|price)\b/i.test(t),
    );
    expect(mixed.length).toBeGreaterThan(0);
    expect(new Set(texts).size / texts.length).toBeGreaterThan(0.5);
    const price = new Set(texts.filter((t) => /дорог|цен/i.test(t)));
    expect(price.size).toBeGreaterThan(100);
    for (const word of [
      /(^|[^а-яё])КП([^а-яё]|$)/i,
      /(^|[^а-яё])ЛПР([^а-яё]|$)/i,
      /тендер/i,
      /слились/i,
      /не алё/i,
      /недозвон/i,
    ]) {
      expect(texts.some((t) => word.test(t))).toBe(true);
    }
  });

  it("competitors the product does not know recur across deals", () => {
    const builtin = BUILTIN_COMPETITORS.flatMap((c) => [c.name, ...c.variants]).map(norm);
    const unknown = [/контур/i, /мой ?склад/i, /простой бизнес/i, /envy ?crm/i, /flowlu/i];
    const dealsNaming = unknown.map((re) => {
      expect(builtin.some((b) => re.test(b))).toBe(false);
      const ids = new Set<string>();
      for (const [id, texts] of commentsByDeal()) if (texts.some((t) => re.test(t))) ids.add(id);
      return ids.size;
    });
    expect(dealsNaming.filter((n) => n >= 3).length).toBeGreaterThanOrEqual(4);
    // The built-in ones are there too, in more than one spelling.
    const amo = new Set(lostTexts().flatMap((t) => t.match(/amo ?crm|амо ?црм|амо|amo/gi) ?? []));
    expect(amo.size).toBeGreaterThanOrEqual(3);
  });

  it("some comments carry personal data: a contact's first name, a phone, an e-mail", () => {
    const texts = lostTexts();
    const phones = texts.filter((t) => /(\+7|8)[ (]*9?\d{2,3}\)? ?\d{3}-\d{2}-\d{2}|\b89\d{9}\b/.test(t));
    const emails = texts.filter((t) => /[a-z0-9.]+@[a-z]+\.(ru|com)/.test(t));
    const names = texts.filter((t) => /(^|[^а-яё])(Ирин|Ольг|Натал|Марин|Серге|Алексе|Дмитри|Павл)/.test(t));
    expect(phones.length).toBeGreaterThan(texts.length * 0.01);
    expect(phones.length).toBeLessThan(texts.length * 0.15);
    expect(emails.length).toBeGreaterThan(texts.length * 0.005);
    expect(names.length).toBeGreaterThan(texts.length * 0.01);
  });

  it("the manager who leaves deals without comments leaves the reason field empty more often too", () => {
    const share = (mine: boolean) => {
      const lost = deals.filter(
        (d) =>
          d.STAGE_SEMANTIC_ID === "F" &&
          d.CATEGORY_ID === "0" &&
          (d.ASSIGNED_BY_ID === truth.silentUserId) === mine,
      );
      expect(lost.length).toBeGreaterThan(30);
      return lost.filter((d) => d[truth.reasonField]).length / lost.length;
    };
    expect(share(true)).toBeLessThan(share(false) - 0.15);
  });

  it("comments mostly agree with the recorded reason, sometimes contradict it or stand in for a missing one", () => {
    const price = options().indexOf("Дорого");
    const priceOption = (
      snap.lists["crm.deal.userfield.list"].find((f) => f.FIELD_NAME === truth.reasonField)!
        .LIST as WireRecord[]
    )[price]!.ID;
    const by = commentsByDeal();
    let agree = 0;
    let other = 0;
    let commented = 0;
    let noReasonButComment = 0;
    for (const d of deals) {
      if (d.STAGE_SEMANTIC_ID !== "F") continue;
      const texts = by.get(s(d, "ID"));
      if (d.CATEGORY_ID === "0" && !d[truth.reasonField] && texts) noReasonButComment++;
      if (d[truth.reasonField] !== priceOption || !texts) continue;
      commented++;
      const all = texts.join(" ");
      if (/дорог|цен|скидк|прайс|дешевле/i.test(all)) agree++;
      else other++;
    }
    expect(commented).toBeGreaterThan(50);
    expect(agree / commented).toBeGreaterThan(0.6);
    // A recorded «Дорого» whose comments never speak of price: the comment contradicts the reason.
    expect(other).toBeGreaterThan(commented * 0.05);
    expect(noReasonButComment).toBeGreaterThan(20);
  });
});
