import { ACTIVITY_ROW_DEFAULTS } from "./lean";
import type { PortalMeta, PortalSnapshot, SnapshotMethod, WireRecord } from "./snapshot";
import { type RowDefaults, Table } from "./table";

export type Semantic = "P" | "S" | "F";

export interface StageInfo {
  statusId: string;
  name: string;
  sort: number;
  semantic: Semantic;
  categoryId: number;
}

export interface EventHandler {
  id: number;
  event: string;
  handler: string;
  /** "oauth" = bound by an application via event.bind; "webhook" = outgoing webhook registered via the control API. */
  source: "oauth" | "webhook";
  applicationToken: string;
  /** event_type=offline handlers are stored but never called (no event.offline.get in the emulator). */
  offline: boolean;
}

type TableMethod = Exclude<SnapshotMethod, "crm.currency.list">;

const ID_FIELD: Partial<Record<TableMethod, string>> = { "crm.category.list": "id" };
const INDEX_FIELD: Partial<Record<TableMethod, string>> = {
  "crm.stagehistory.list": "OWNER_ID",
  "crm.timeline.comment.list": "ENTITY_ID",
  "crm.activity.list": "OWNER_ID",
};

/** Fields that lean snapshots leave out, per list (see lean.ts). */
const LEAN_DEFAULTS: Partial<Record<TableMethod, RowDefaults>> = {
  "crm.activity.list": ACTIVITY_ROW_DEFAULTS,
};

export interface PortalStateOptions {
  /**
   * The snapshot is lean (generatePortal({ lean: true })): activity rows lack ACTIVITY_LEAN_DEFAULTS, which
   * are then filled in on reads and output. Rows that carry the fields are served as stored either way.
   */
  lean?: boolean;
}

/** The live, mutable portal the emulator serves. */
export class PortalState {
  readonly meta: PortalMeta;
  readonly tables: Record<TableMethod, Table>;
  currencies: WireRecord[];
  readonly handlers: EventHandler[] = [];
  nextHandlerId = 1;
  private stageCache: Map<string, StageInfo> | undefined;

  constructor(snapshot: PortalSnapshot, opts: PortalStateOptions = {}) {
    this.meta = { ...snapshot.portal };
    const tables: Partial<Record<TableMethod, Table>> = {};
    for (const [method, rows] of Object.entries(snapshot.lists) as [SnapshotMethod, WireRecord[]][]) {
      if (method === "crm.currency.list") continue;
      const defaults = opts.lean ? LEAN_DEFAULTS[method] : undefined;
      tables[method] = new Table(rows, ID_FIELD[method] ?? "ID", INDEX_FIELD[method], defaults);
    }
    this.tables = tables as Record<TableMethod, Table>;
    this.currencies = [...snapshot.lists["crm.currency.list"]];
    // One truth for the base currency: the list's BASE:"Y" row and portal.json must agree (a hand-written
    // snapshot that contradicts itself would serve BASE of one currency and create deals in another).
    const base = this.currencies.filter((c) => c.BASE === "Y").map((c) => String(c.CURRENCY));
    if (this.currencies.length && (base.length !== 1 || base[0] !== this.meta.baseCurrency))
      throw new Error(
        `snapshot: crm.currency.list marks [${base.join(", ")}] as base, portal.json says ${this.meta.baseCurrency}`,
      );
  }

  /**
   * crm.currency.base.set: the currency becomes the base (BASE "Y", rate 1 for 1), the others lose the flag and
   * keep their rates (CurrencyManager::updateBaseCurrency). false for an unknown currency, null when already base.
   */
  setBaseCurrency(code: string): boolean | null {
    const row = this.currencies.find((c) => c.CURRENCY === code);
    if (!row) return false;
    if (row.BASE === "Y") return null;
    this.currencies = this.currencies.map((c) =>
      c.CURRENCY === code
        ? { ...c, BASE: "Y", AMOUNT: "1.0000", AMOUNT_CNT: "1" }
        : c.BASE === "Y"
          ? { ...c, BASE: "N" }
          : c,
    );
    this.meta.baseCurrency = code;
    return true;
  }

  get offset(): string {
    return this.meta.timezoneOffset;
  }

  get deals(): Table {
    return this.tables["crm.deal.list"];
  }

  /** Deal stages of every pipeline keyed by STATUS_ID (from crm.status.list DEAL_STAGE / DEAL_STAGE_{N}). */
  stages(): Map<string, StageInfo> {
    if (this.stageCache) return this.stageCache;
    const map = new Map<string, StageInfo>();
    for (const row of this.tables["crm.status.list"].rows) {
      const entity = String(row.ENTITY_ID ?? "");
      const m = /^DEAL_STAGE(?:_(\d+))?$/.exec(entity);
      if (!m) continue;
      const extra = row.EXTRA as { SEMANTICS?: string } | undefined;
      const sem = row.SEMANTICS;
      const semantic: Semantic =
        sem === "S" || extra?.SEMANTICS === "success"
          ? "S"
          : sem === "F" || extra?.SEMANTICS === "failure" || extra?.SEMANTICS === "apology"
            ? "F"
            : "P";
      map.set(String(row.STATUS_ID), {
        statusId: String(row.STATUS_ID),
        name: String(row.NAME ?? ""),
        sort: Number(row.SORT ?? 0),
        semantic,
        categoryId: Number(m[1] ?? 0),
      });
    }
    this.stageCache = map;
    return map;
  }

  invalidateStages(): void {
    this.stageCache = undefined;
  }

  /** Deal user field definitions (crm.deal.userfield.list rows). */
  dealUserFields(): WireRecord[] {
    return this.tables["crm.deal.userfield.list"].rows;
  }

  /** Wall-clock "now" (the snapshot's frozen now only describes generated data). */
  now(): Date {
    return new Date();
  }
}
