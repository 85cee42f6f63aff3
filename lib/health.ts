import { count } from "drizzle-orm";
import type { DbHandle } from "@/db";
import { migrationStatus } from "@/db/migrate";
import { activities, comments, dealFacts, deals, portals, stageHistory, syncRuns } from "@/db/schema";

export interface Health {
  ok: true;
  db: DbHandle["kind"];
  migrations: Awaited<ReturnType<typeof migrationStatus>>;
  counts: Record<
    "portals" | "deals" | "stageHistory" | "activities" | "comments" | "dealFacts" | "syncRuns",
    number
  >;
}

const counted = { portals, deals, stageHistory, activities, comments, dealFacts, syncRuns };

export async function getHealth(handle: DbHandle): Promise<Health> {
  const entries = await Promise.all(
    Object.entries(counted).map(async ([name, table]) => {
      const [row] = await handle.db.select({ n: count() }).from(table);
      return [name, row?.n ?? 0] as const;
    }),
  );
  return {
    ok: true,
    db: handle.kind,
    migrations: await migrationStatus(handle),
    counts: Object.fromEntries(entries) as Health["counts"],
  };
}
