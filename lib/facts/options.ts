/** The portal settings a derive reads: where loss reasons come from, and the base currency. */
import { sql } from "drizzle-orm";
import { type DbOrTx, queryRows } from "@/db";
import type { LossReasonSource, portals } from "@/db/schema";

export interface FactsOptions {
  reasonSource: LossReasonSource;
  reasonField: string | null;
  baseCurrency: string;
}

/** The portal's settings and base currency (from its crm.currency.list, else the portal record). */
export async function factsOptionsFor(
  db: DbOrTx,
  portal: typeof portals.$inferSelect,
): Promise<FactsOptions> {
  const [base] = await queryRows<{ code: string }>(
    db,
    sql`select bitrix_id as code from currencies where portal_id = ${portal.id} and is_base limit 1`,
  );
  return {
    reasonSource: portal.settings.lossReasonSource ?? "field_then_stage",
    reasonField: portal.settings.lossReasonField ?? null,
    baseCurrency: base?.code ?? portal.baseCurrency,
  };
}
