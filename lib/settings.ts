/** The Settings page's data: connected portals (secrets masked), their loss-reason choices and field pickers. */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db";
import type { PortalSettings } from "@/db/schema";
import { lossReasonOptions, pipelines, portals, userFields } from "@/db/schema";

export interface FieldOption {
  name: string;
  label: string;
  options?: string[];
}

export interface PortalView {
  id: number;
  domain: string;
  credentialsHint: string;
  isDemo: boolean;
  hasEventToken: boolean;
  /** The portal's UTC offset ("+03:00"): every time on Settings is shown in it. */
  offset: string;
  settings: PortalSettings;
  enumFields: FieldOption[];
  textFields: FieldOption[];
  pipelines: { id: number; name: string }[];
}

export async function getPortalViews(db: Database): Promise<PortalView[]> {
  const rows = await db.select().from(portals).orderBy(asc(portals.id));
  if (rows.length === 0) return [];
  const ids = rows.map((p) => p.id);
  const fields = await db.select().from(userFields).where(inArray(userFields.portalId, ids));
  const options = await db.select().from(lossReasonOptions).where(inArray(lossReasonOptions.portalId, ids));
  const pipes = await db
    .select()
    .from(pipelines)
    .where(inArray(pipelines.portalId, ids))
    .orderBy(asc(pipelines.sort));
  return rows.map((p) => ({
    id: p.id,
    domain: p.domain,
    credentialsHint: p.credentialsHint,
    isDemo: p.isDemo,
    hasEventToken: Boolean(p.applicationTokenEnc),
    offset: p.timezoneOffset,
    settings: p.settings,
    enumFields: fields
      .filter((f) => f.portalId === p.id && f.userTypeId === "enumeration")
      .map((f) => ({
        name: f.bitrixId,
        label: f.label ?? f.bitrixId,
        options: options.filter((o) => o.portalId === p.id && o.fieldName === f.bitrixId).map((o) => o.value),
      })),
    textFields: fields
      .filter((f) => f.portalId === p.id && f.userTypeId === "string")
      .map((f) => ({ name: f.bitrixId, label: f.label ?? f.bitrixId })),
    pipelines: pipes.filter((x) => x.portalId === p.id).map((x) => ({ id: x.bitrixId, name: x.name })),
  }));
}

export async function savePortalSettings(db: Database, portalId: number, patch: PortalSettings) {
  const [row] = await db
    .select()
    .from(portals)
    .where(and(eq(portals.id, portalId)));
  if (!row) return null;
  const settings = { ...row.settings, ...patch };
  await db.update(portals).set({ settings, updatedAt: new Date() }).where(eq(portals.id, portalId));
  return settings;
}
