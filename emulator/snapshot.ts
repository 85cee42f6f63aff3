/**
 * A portal snapshot: one array per list method, each record exactly as that method returns it on the wire
 * (strings for scalars, "Y"/"N" flags, ISO dates in the portal offset), plus portal.json metadata.
 * The generator writes this shape, the emulator serves it; a hand-written folder works the same way.
 */
import fs from "node:fs";
import path from "node:path";

export type WireRecord = Record<string, unknown>;

export interface PortalMeta {
  /** e.g. "demo.bitrix24.ru" — used in deal links and event payloads. */
  domain: string;
  /** Portal server offset, e.g. "+03:00". Every datetime on the wire is rendered in it. */
  timezoneOffset: string;
  /** Account (base) currency, e.g. "RUB". */
  baseCurrency: string;
  /** Incoming webhook: user id and secret; URL is /rest/{webhookUserId}/{webhookSecret}/. */
  webhookUserId: number;
  webhookSecret: string;
  /** Scopes granted to the webhook, e.g. ["crm","user","department"]. */
  scopes: string[];
  /** "enterprise" switches the leaky bucket to 250/5. */
  plan: "basic" | "standard" | "professional" | "enterprise";
  /** member_id sent in event payloads and OAuth answers. */
  memberId: string;
  /** Token sent as auth[application_token] in outgoing events. */
  applicationToken: string;
  /** Frozen "now" of the generated data (ISO); new records made via the control API use the wall clock. */
  now?: string;
}

/** File names are the method names; a missing file is an empty list. */
export const SNAPSHOT_METHODS = [
  "crm.deal.list",
  "crm.status.list",
  "crm.category.list",
  "crm.stagehistory.list",
  "crm.deal.userfield.list",
  "crm.timeline.comment.list",
  "crm.activity.list",
  "crm.company.list",
  "crm.contact.list",
  "crm.currency.list",
  "user.get",
  "department.get",
] as const;

export type SnapshotMethod = (typeof SNAPSHOT_METHODS)[number];

export interface PortalSnapshot {
  portal: PortalMeta;
  lists: Record<SnapshotMethod, WireRecord[]>;
}

export function emptyLists(): Record<SnapshotMethod, WireRecord[]> {
  return Object.fromEntries(SNAPSHOT_METHODS.map((m) => [m, []])) as unknown as Record<
    SnapshotMethod,
    WireRecord[]
  >;
}

export function readSnapshot(dir: string): PortalSnapshot {
  const portal = JSON.parse(fs.readFileSync(path.join(dir, "portal.json"), "utf8")) as PortalMeta;
  const lists = emptyLists();
  for (const method of SNAPSHOT_METHODS) {
    const file = path.join(dir, `${method}.json`);
    if (fs.existsSync(file)) lists[method] = JSON.parse(fs.readFileSync(file, "utf8")) as WireRecord[];
  }
  return { portal, lists };
}

export function writeSnapshot(dir: string, snapshot: PortalSnapshot): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "portal.json"), `${JSON.stringify(snapshot.portal, null, 2)}\n`);
  for (const method of SNAPSHOT_METHODS) {
    const rows = snapshot.lists[method];
    // One record per line keeps big snapshots diffable; lines are written in ~1 MB chunks, not one call each.
    const fd = fs.openSync(path.join(dir, `${method}.json`), "w");
    try {
      let chunk = "[\n";
      rows.forEach((row, i) => {
        chunk += `${JSON.stringify(row)}${i < rows.length - 1 ? "," : ""}\n`;
        if (chunk.length > 1 << 20) {
          fs.writeSync(fd, chunk);
          chunk = "";
        }
      });
      fs.writeSync(fd, `${chunk}]\n`);
    } finally {
      fs.closeSync(fd);
    }
  }
}
