import { NextResponse } from "next/server";
import { getDb } from "@/db";
import { getViewer } from "@/lib/auth/guards";
import { getHealth, getPublicHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

/**
 * Up/down and the schema version for anyone (the e2e server's readiness check, load balancers); the database
 * kind and cached row counts for a signed-in admin only (lib/health.ts).
 */
export async function GET() {
  try {
    const handle = await getDb();
    const admin = (await getViewer())?.role === "admin";
    const body = admin ? await getHealth(handle) : await getPublicHealth(handle);
    return NextResponse.json(body, { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    // The reason stays in the server log; the caller learns only that the database is not usable.
    console.error("[health] database check failed", err);
    return NextResponse.json(
      { ok: false, error: "DB_UNAVAILABLE" },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
}
