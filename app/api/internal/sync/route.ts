import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/db";
import { portals } from "@/db/schema";
import { dbId, parseId } from "@/lib/params";
import { isControlRequest } from "@/lib/server-control";
import { startSyncJob } from "@/lib/sync/jobs";
import { getSyncStatus } from "@/lib/sync/status";

export const dynamic = "force-dynamic";

const body = z.object({ portalId: dbId.optional(), full: z.boolean().default(false) });

/** `npm run sync` on PGlite while this server holds the data dir: start a sync here (loopback, bearer token). */
export async function POST(request: Request) {
  if (!isControlRequest(request)) return NextResponse.json({ error: "UNAUTHENTICATED" }, { status: 401 });
  const parsed = body.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return NextResponse.json({ error: "VALIDATION" }, { status: 400 });
  const handle = await getDb();
  const all = await handle.db.select({ id: portals.id }).from(portals);
  const portalId = parsed.data.portalId ?? (all.length === 1 ? all[0]!.id : null);
  if (!portalId || !all.some((p) => p.id === portalId))
    return NextResponse.json({ error: "NOT_FOUND" }, { status: 404 });
  const { started } = await startSyncJob(handle, portalId, {
    mode: parsed.data.full ? "full" : "incremental",
    trigger: "cli",
  });
  return NextResponse.json({ portalId, started });
}

export async function GET(request: Request) {
  if (!isControlRequest(request)) return NextResponse.json({ error: "UNAUTHENTICATED" }, { status: 401 });
  const portalId = parseId(new URL(request.url).searchParams.get("portal"));
  if (portalId === null) return NextResponse.json({ error: "VALIDATION" }, { status: 400 });
  return NextResponse.json(await getSyncStatus(await getDb(), portalId, 1));
}
