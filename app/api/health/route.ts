import { NextResponse } from "next/server";
import { getDb } from "@/db";
import { getHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    return NextResponse.json(await getHealth(await getDb()), { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    // The reason stays in the server log; the caller learns only that the database is not usable.
    console.error("[health] database check failed", err);
    return NextResponse.json({ ok: false, error: "DB_UNAVAILABLE" }, { status: 503 });
  }
}
