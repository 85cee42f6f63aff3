/**
 * Control operations (tests, demo UI): create/update/move/delete deals and add comments, keeping
 * STAGE_SEMANTIC_ID / CLOSED / CLOSEDATE / MOVED_* / DATE_MODIFY and stage history consistent
 * (bitrix24-api.md §7, §12.10–12), and firing the matching outgoing events.
 */
import type { EventBus } from "./events";
import type { WireRecord } from "./snapshot";
import type { PortalState, StageInfo } from "./state";
import { formatDateField, formatDateTime, money } from "./wire";

export interface ControlOptions {
  /** Acting user (MODIFY_BY_ID / MOVED_BY_ID / AUTHOR_ID); default the webhook user. */
  byUserId?: number;
  /** ISO instant to use instead of the wall clock. */
  at?: string;
}

const DATE_FIELDS = new Set(["BEGINDATE", "CLOSEDATE"]);
const MONEY_FIELDS = new Set(["OPPORTUNITY", "TAX_VALUE"]);

export class ControlError extends Error {}

export class Control {
  constructor(
    private readonly state: PortalState,
    private readonly events: EventBus,
  ) {}

  private now(o: ControlOptions): Date {
    return o.at ? new Date(o.at) : this.state.now();
  }

  private by(o: ControlOptions): string {
    return String(o.byUserId ?? this.state.meta.webhookUserId);
  }

  /** A caller value rendered the way the wire carries it. */
  private wire(key: string, v: unknown): unknown {
    const offset = this.state.offset;
    if (v === null || v === undefined) return null;
    if (DATE_FIELDS.has(key) && typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v))
      return formatDateField(v, offset);
    if (
      typeof v === "string" &&
      /^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:\d{2})$/.test(v) &&
      !Number.isNaN(Date.parse(v))
    ) {
      return formatDateTime(new Date(v), offset);
    }
    if (typeof v === "number") return MONEY_FIELDS.has(key) ? money(v) : String(v);
    if (typeof v === "boolean") return v ? "Y" : "N";
    if (Array.isArray(v)) return v.map((x) => (typeof x === "number" ? String(x) : x));
    return v;
  }

  private stage(stageId: string): StageInfo {
    const s = this.state.stages().get(stageId);
    if (!s) throw new ControlError(`unknown stage ${stageId}`);
    return s;
  }

  private firstStage(categoryId: number): StageInfo {
    const list = [...this.state.stages().values()]
      .filter((s) => s.categoryId === categoryId && s.semantic === "P")
      .sort((a, b) => a.sort - b.sort);
    if (!list[0]) throw new ControlError(`pipeline ${categoryId} has no stages`);
    return list[0];
  }

  private deal(id: number): WireRecord {
    const d = this.state.deals.get(id);
    if (!d) throw new ControlError(`deal ${id} not found`);
    return d;
  }

  private history(dealId: number, typeId: number, s: StageInfo, at: string): void {
    const table = this.state.tables["crm.stagehistory.list"];
    table.insert({
      ID: String(table.maxId() + 1),
      TYPE_ID: String(typeId),
      OWNER_ID: String(dealId),
      CREATED_TIME: at,
      CATEGORY_ID: String(s.categoryId),
      STAGE_SEMANTIC_ID: s.semantic,
      STAGE_ID: s.statusId,
    });
  }

  createDeal(fields: Record<string, unknown> = {}, o: ControlOptions = {}): WireRecord {
    const now = this.now(o);
    const offset = this.state.offset;
    const at = formatDateTime(now, offset);
    const today = at.slice(0, 10);
    const id = this.state.deals.maxId() + 1;
    const s = fields.STAGE_ID
      ? this.stage(String(fields.STAGE_ID))
      : this.firstStage(Number(fields.CATEGORY_ID ?? 0));
    const by = this.by(o);
    const base: WireRecord = {
      ID: String(id),
      TITLE: `Deal #${id}`,
      TYPE_ID: "SALE",
      CATEGORY_ID: String(s.categoryId),
      STAGE_ID: s.statusId,
      STAGE_SEMANTIC_ID: s.semantic,
      IS_NEW: "Y",
      IS_RECURRING: "N",
      IS_RETURN_CUSTOMER: "N",
      IS_REPEATED_APPROACH: "N",
      PROBABILITY: null,
      CURRENCY_ID: this.state.meta.baseCurrency,
      OPPORTUNITY: "0.00",
      IS_MANUAL_OPPORTUNITY: "N",
      TAX_VALUE: "0.00",
      LEAD_ID: null,
      COMPANY_ID: "0",
      CONTACT_ID: null,
      QUOTE_ID: null,
      BEGINDATE: formatDateField(today, offset),
      CLOSEDATE: formatDateField(today, offset),
      ASSIGNED_BY_ID: by,
      CREATED_BY_ID: by,
      MODIFY_BY_ID: by,
      MOVED_BY_ID: by,
      DATE_CREATE: at,
      DATE_MODIFY: at,
      MOVED_TIME: at,
      OPENED: "Y",
      CLOSED: s.semantic === "P" ? "N" : "Y",
      COMMENTS: null,
      ADDITIONAL_INFO: null,
      LOCATION_ID: null,
      SOURCE_ID: null,
      SOURCE_DESCRIPTION: null,
      ORIGINATOR_ID: null,
      ORIGIN_ID: null,
      UTM_SOURCE: null,
      UTM_MEDIUM: null,
      UTM_CAMPAIGN: null,
      UTM_CONTENT: null,
      UTM_TERM: null,
      LAST_ACTIVITY_TIME: at,
      LAST_ACTIVITY_BY: by,
    };
    for (const uf of this.state.dealUserFields()) base[String(uf.FIELD_NAME)] = uf.MULTIPLE === "Y" ? [] : "";
    // Keep the key order of the snapshot's deals so new rows look like generated ones.
    const template = this.state.deals.rows[0] ?? {};
    const row: WireRecord = {};
    for (const k of Object.keys(template)) row[k] = k in base ? base[k] : null;
    Object.assign(row, base);
    for (const [k, v] of Object.entries(fields)) {
      if (k !== "ID" && k !== "STAGE_ID" && k !== "CATEGORY_ID") row[k] = this.wire(k, v);
    }
    this.state.deals.insert(row);
    this.history(id, 1, s, at);
    this.events.fire("ONCRMDEALADD", id);
    return row;
  }

  moveDeal(id: number, stageId: string, o: ControlOptions = {}, fire = true): WireRecord {
    const deal = this.deal(id);
    const s = this.stage(stageId);
    if (deal.STAGE_ID === s.statusId) return deal;
    const at = formatDateTime(this.now(o), this.state.offset);
    const categoryChanged = s.categoryId !== Number(deal.CATEGORY_ID);
    const typeId = categoryChanged ? 5 : s.semantic === "P" ? 2 : 3;
    const by = this.by(o);
    Object.assign(deal, {
      CATEGORY_ID: String(s.categoryId),
      STAGE_ID: s.statusId,
      STAGE_SEMANTIC_ID: s.semantic,
      IS_NEW: "N",
      CLOSED: s.semantic === "P" ? "N" : "Y",
      MOVED_BY_ID: by,
      MOVED_TIME: at,
      MODIFY_BY_ID: by,
      DATE_MODIFY: at,
    });
    if (s.semantic !== "P") deal.CLOSEDATE = formatDateField(at.slice(0, 10), this.state.offset);
    this.history(id, typeId, s, at);
    if (fire) {
      this.events.fire("ONCRMDEALUPDATE", id);
      if (categoryChanged) this.events.fire("ONCRMDEALMOVETOCATEGORY", id);
    }
    return deal;
  }

  updateDeal(id: number, fields: Record<string, unknown>, o: ControlOptions = {}): WireRecord {
    const deal = this.deal(id);
    const { STAGE_ID, CATEGORY_ID, ID: _ignored, ...rest } = fields;
    if (STAGE_ID !== undefined) this.moveDeal(id, String(STAGE_ID), o, false);
    else if (CATEGORY_ID !== undefined && Number(CATEGORY_ID) !== Number(deal.CATEGORY_ID)) {
      this.moveDeal(id, this.firstStage(Number(CATEGORY_ID)).statusId, o, false);
    }
    for (const [k, v] of Object.entries(rest)) deal[k] = this.wire(k, v);
    const at = formatDateTime(this.now(o), this.state.offset);
    deal.DATE_MODIFY = at;
    deal.MODIFY_BY_ID = this.by(o);
    this.events.fire("ONCRMDEALUPDATE", id);
    return deal;
  }

  deleteDeal(id: number): boolean {
    const removed = this.state.deals.remove(id);
    if (removed) this.events.fire("ONCRMDEALDELETE", id);
    return Boolean(removed);
  }

  addComment(dealId: number, comment: string, o: ControlOptions & { authorId?: number } = {}): WireRecord {
    this.deal(dealId);
    const table = this.state.tables["crm.timeline.comment.list"];
    const id = table.maxId() + 1;
    const row: WireRecord = {
      ID: String(id),
      ENTITY_ID: String(dealId),
      ENTITY_TYPE: "deal",
      CREATED: formatDateTime(this.now(o), this.state.offset),
      COMMENT: comment,
      AUTHOR_ID: String(o.authorId ?? o.byUserId ?? this.state.meta.webhookUserId),
      FILES: {},
    };
    table.insert(row);
    this.events.fire("ONCRMTIMELINECOMMENTADD", id);
    return row;
  }

  /**
   * A call logged on a deal's timeline (crm.activity.list row, bitrix24-api.md §9.2), CREATED and LAST_UPDATED
   * now. Like a comment, it does not touch the deal's DATE_MODIFY.
   */
  addActivity(dealId: number, fields: Record<string, unknown> = {}, o: ControlOptions = {}): WireRecord {
    this.deal(dealId);
    const table = this.state.tables["crm.activity.list"];
    const at = formatDateTime(this.now(o), this.state.offset);
    const by = this.by(o);
    const row: WireRecord = {
      ID: String(table.maxId() + 1),
      OWNER_ID: String(dealId),
      OWNER_TYPE_ID: "2",
      TYPE_ID: "2",
      PROVIDER_ID: "VOXIMPLANT_CALL",
      PROVIDER_TYPE_ID: "CALL",
      SUBJECT: "Звонок",
      CREATED: at,
      LAST_UPDATED: at,
      START_TIME: at,
      END_TIME: at,
      DEADLINE: at,
      COMPLETED: "Y",
      STATUS: "2",
      RESPONSIBLE_ID: by,
      DIRECTION: "2",
      AUTHOR_ID: by,
      EDITOR_ID: by,
    };
    for (const [k, v] of Object.entries(fields)) if (k !== "ID") row[k] = this.wire(k, v);
    table.insert(row);
    return row;
  }

  /** Registers an outgoing-webhook handler (UI: Developer resources → Outgoing webhook). */
  addWebhookHandler(event: string, url: string, applicationToken = this.state.meta.applicationToken): number {
    const id = this.state.nextHandlerId++;
    this.state.handlers.push({
      id,
      event: event.toUpperCase(),
      handler: url,
      source: "webhook",
      applicationToken,
      offline: false,
    });
    return id;
  }

  flushEvents(): Promise<void> {
    return this.events.flush();
  }
}
