import { NextResponse } from "next/server";
import { getDb } from "@/db";
import { verifyEvent } from "@/lib/sync/events";
import { queueDealRefresh } from "@/lib/sync/jobs";

export const dynamic = "force-dynamic";

// Public by design: Bitrix24 calls it. Authenticity comes from auth[application_token], checked in verifyEvent.
export async function POST(request: Request) {
  const body = await request.text();
  if (body.length > 64_000) return NextResponse.json({ ok: false }, { status: 413 });
  const handle = await getDb();
  const verdict = await verifyEvent(handle, body);
  if (!verdict.ok) {
    console.warn(`[events] refused: ${verdict.reason}`);
    return NextResponse.json({ ok: false }, { status: verdict.status });
  }
  if (verdict.dealId !== null) await queueDealRefresh(handle, verdict.portalId, verdict.dealId);
  return NextResponse.json({ ok: true });
}
