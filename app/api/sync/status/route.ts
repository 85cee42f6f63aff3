import { NextResponse } from "next/server";
import { getDb } from "@/db";
import { withRoute } from "@/lib/auth/action";
import { parseId } from "@/lib/params";
import { getSyncStatus } from "@/lib/sync/status";

export const dynamic = "force-dynamic";

/** Live progress for the Settings page (admin only). */
export const GET = withRoute(["admin"], async (request: Request) => {
  const portalId = parseId(new URL(request.url).searchParams.get("portal"));
  if (portalId === null) return NextResponse.json({ error: "VALIDATION" }, { status: 400 });
  return NextResponse.json(await getSyncStatus(await getDb(), portalId), {
    headers: { "Cache-Control": "no-store" },
  });
});
