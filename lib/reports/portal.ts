/**
 * The portal reports read and the clock they read it by. No next/* and no session: shared by request-time
 * report pages (lib/reports/context.ts) and the post-sync warm-up (lib/reports/warm.ts).
 */
import { asc, eq } from "drizzle-orm";
import type { Database } from "@/db";
import { portals } from "@/db/schema";

export interface ReportPortal {
  id: number;
  domain: string;
  baseCurrency: string;
  offset: string;
}

/** The portal reports read: the first connected one (LossLens serves one portal per installation). */
export async function getReportPortal(db: Database, portalId?: number | null): Promise<ReportPortal | null> {
  const query = db.select().from(portals);
  const [row] = await (portalId
    ? query.where(eq(portals.id, portalId))
    : query.orderBy(asc(portals.id))
  ).limit(1);
  return row
    ? { id: row.id, domain: row.domain, baseCurrency: row.baseCurrency, offset: row.timezoneOffset }
    : null;
}

/** A clock frozen by LOSSLENS_NOW (ISO) for the demo, screenshots and tests; the real time otherwise. */
export function reportNow(): Date {
  const frozen = process.env.LOSSLENS_NOW ? new Date(process.env.LOSSLENS_NOW) : null;
  return frozen && !Number.isNaN(frozen.getTime()) ? frozen : new Date();
}
