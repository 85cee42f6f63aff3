import path from "node:path";
import { type EmulatorHandle, type EmulatorOptions, startEmulator } from "@/emulator/server";
import { type PortalSnapshot, readSnapshot, type WireRecord } from "@/emulator/snapshot";
import { formatDateField, formatDateTime } from "@/emulator/wire";

export const TINY_DIR = path.resolve(import.meta.dirname, "../../emulator/fixtures/tiny");

export function tiny(): PortalSnapshot {
  return readSnapshot(TINY_DIR);
}

const STAGES = ["NEW", "PREPARATION", "EXECUTING", "WON", "LOSE", "APOLOGY"] as const;
const SEM: Record<string, string> = { WON: "S", LOSE: "F", APOLOGY: "F" };
export const TAGS_UF = "UF_CRM_TAGS";

/**
 * Tiny fixture plus `deals` generated deals (ids 1..n, replacing the fixture's four): deal i has
 * OPPORTUNITY i*100, STAGE_ID cycling through STAGES, DATE_CREATE = 2024-01-01T00:00Z + i hours,
 * multi-value UF_CRM_TAGS ["1","2"] for even ids / ["3"] for odd, two stage-history rows, and deal 1 has
 * `comments` timeline comments and `activities` activities.
 */
export function bigSnapshot(
  deals: number,
  o: { comments?: number; activities?: number; offset?: string } = {},
): PortalSnapshot {
  const snap = tiny();
  const offset = o.offset ?? snap.portal.timezoneOffset;
  snap.portal.timezoneOffset = offset;
  snap.lists["crm.deal.userfield.list"].push({
    ID: "102",
    ENTITY_ID: "CRM_DEAL",
    FIELD_NAME: TAGS_UF,
    USER_TYPE_ID: "enumeration",
    XML_ID: "TAGS",
    SORT: "200",
    MULTIPLE: "Y",
    MANDATORY: "N",
    SHOW_FILTER: "N",
    SHOW_IN_LIST: "Y",
    EDIT_IN_LIST: "Y",
    IS_SEARCHABLE: "N",
    SETTINGS: { DISPLAY: "LIST" },
    EDIT_FORM_LABEL: "Tags",
    LIST_COLUMN_LABEL: "Tags",
    LIST_FILTER_LABEL: "Tags",
    LIST: [
      { ID: "1", SORT: "10", VALUE: "a", DEF: "N", XML_ID: "a" },
      { ID: "2", SORT: "20", VALUE: "b", DEF: "N", XML_ID: "b" },
      { ID: "3", SORT: "30", VALUE: "c", DEF: "N", XML_ID: "c" },
    ],
  });
  const template = snap.lists["crm.deal.list"][0]!;
  const rows: WireRecord[] = [];
  const history: WireRecord[] = [];
  for (let i = 1; i <= deals; i++) {
    const stage = STAGES[i % STAGES.length]!;
    const created = new Date(Date.UTC(2024, 0, 1) + i * 3600_000);
    const at = formatDateTime(created, offset);
    rows.push({
      ...template,
      ID: String(i),
      TITLE: `Deal ${i}`,
      STAGE_ID: stage,
      STAGE_SEMANTIC_ID: SEM[stage] ?? "P",
      CLOSED: SEM[stage] ? "Y" : "N",
      OPPORTUNITY: `${i * 100}.00`,
      ASSIGNED_BY_ID: String((i % 3) + 1),
      COMPANY_ID: i % 2 ? "1" : "0",
      BEGINDATE: formatDateField(created.toISOString().slice(0, 10), offset),
      CLOSEDATE: formatDateField("2024-04-19", offset),
      DATE_CREATE: at,
      DATE_MODIFY: at,
      MOVED_TIME: at,
      UF_CRM_1715000000001: i % 10 === 0 ? "47" : "",
      [TAGS_UF]: i % 2 === 0 ? ["1", "2"] : ["3"],
    });
    history.push(
      {
        ID: String(2 * i - 1),
        TYPE_ID: "1",
        OWNER_ID: String(i),
        CREATED_TIME: at,
        CATEGORY_ID: "0",
        STAGE_SEMANTIC_ID: "P",
        STAGE_ID: "NEW",
      },
      {
        ID: String(2 * i),
        TYPE_ID: SEM[stage] ? "3" : "2",
        OWNER_ID: String(i),
        CREATED_TIME: at,
        CATEGORY_ID: "0",
        STAGE_SEMANTIC_ID: SEM[stage] ?? "P",
        STAGE_ID: stage,
      },
    );
  }
  snap.lists["crm.deal.list"] = rows;
  snap.lists["crm.stagehistory.list"] = history;
  snap.lists["crm.timeline.comment.list"] = Array.from({ length: o.comments ?? 0 }, (_, k) => ({
    ID: String(k + 1),
    ENTITY_ID: "1",
    ENTITY_TYPE: "deal",
    CREATED: formatDateTime(new Date(Date.UTC(2024, 1, 1, 0, k)), offset),
    COMMENT: `Comment ${k + 1}`,
    AUTHOR_ID: "2",
    FILES: {},
  }));
  snap.lists["crm.activity.list"] = Array.from({ length: o.activities ?? 0 }, (_, k) => ({
    ID: String(k + 1),
    OWNER_ID: String(k % 2 ? 2 : 1),
    OWNER_TYPE_ID: "2",
    TYPE_ID: "2",
    PROVIDER_ID: "VOXIMPLANT_CALL",
    SUBJECT: `Call ${k + 1}`,
    START_TIME: formatDateTime(new Date(Date.UTC(2024, 1, 10) - k * 60_000), offset),
    COMPLETED: "Y",
    DIRECTION: "2",
    RESPONSIBLE_ID: "2",
    COMMUNICATIONS: [{ VALUE: "+79990000001", TYPE: "PHONE" }],
  }));
  return snap;
}

export type Emu = EmulatorHandle;

export function start(snapshot: PortalSnapshot, o: Partial<EmulatorOptions> = {}): Promise<EmulatorHandle> {
  return startEmulator({ snapshot, port: 0, limits: { enabled: false }, ...o });
}

export interface Reply {
  status: number;
  body: Record<string, unknown>;
  text: string;
  headers: Headers;
}

/** POST JSON to the webhook URL (or `url` + method). */
export async function call(
  emu: EmulatorHandle,
  method: string,
  params: unknown = {},
  base = emu.webhookUrl,
): Promise<Reply> {
  const r = await fetch(`${base}${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(params),
  });
  const text = await r.text();
  return { status: r.status, body: JSON.parse(text) as Record<string, unknown>, text, headers: r.headers };
}

export async function get(url: string, init?: RequestInit): Promise<Reply> {
  const r = await fetch(url, init);
  const text = await r.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = {};
  }
  return { status: r.status, body, text, headers: r.headers };
}

export function rows(reply: Reply): WireRecord[] {
  return reply.body.result as WireRecord[];
}

export function ids(list: WireRecord[], key = "ID"): number[] {
  return list.map((r) => Number(r[key]));
}
