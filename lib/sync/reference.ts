/** Reference data (users, departments, currencies, pipelines, stages, user fields): small, fetched whole in one batch. */
import { and, eq, notInArray, sql } from "drizzle-orm";
import type { Database, DbOrTx } from "@/db";
import {
  b24Users,
  currencies,
  departments,
  lossReasonOptions,
  pipelines,
  portals,
  stages,
  statusDictionary,
  userFields,
} from "@/db/schema";
import type { Bitrix24Client } from "@/lib/bitrix24/client";
import { batchCommandError } from "@/lib/bitrix24/errors";
import { rowsFromResult, type WireRow } from "@/lib/bitrix24/list";
import { clearQuarantine } from "./quarantine";
import { type Quarantine, type ReferenceRows, referenceRows } from "./reference-rows";
import { upsertRows } from "./upsert";

/** Pages of a start-offset list (user.get, department.get) beyond the first, fetched in one more batch. */
async function remainingPages(client: Bitrix24Client, method: string, total: number, first: WireRow[]) {
  const rows = [...first];
  const commands: Record<string, { method: string; params: Record<string, unknown> }> = {};
  for (let start = 50; start < total && Object.keys(commands).length < 50; start += 50) {
    commands[`s${start}`] = { method, params: { start } };
  }
  if (Object.keys(commands).length === 0) return rows;
  const res = await client.batch(commands);
  for (const key of Object.keys(commands)) rows.push(...rowsFromResult(res.result[key]));
  return rows;
}

export async function syncReference(
  db: Database,
  client: Bitrix24Client,
  portalId: number,
  quarantine: Quarantine,
): Promise<Record<string, number>> {
  const res = await client.batch({
    users: { method: "user.get", params: { start: 0 } },
    departments: { method: "department.get", params: { start: 0 } },
    currencies: { method: "crm.currency.list" },
    categories: { method: "crm.category.list", params: { entityTypeId: 2 } },
    statuses: { method: "crm.status.list", params: { order: { SORT: "ASC" } } },
    fields: { method: "crm.deal.userfield.list", params: { filter: { LANG: "ru" } } },
  });
  for (const [key, err] of Object.entries(res.error)) throw batchCommandError(key, err);
  const users = await remainingPages(
    client,
    "user.get",
    res.total.users ?? 0,
    rowsFromResult(res.result.users),
  );
  const depts = await remainingPages(
    client,
    "department.get",
    res.total.departments ?? 0,
    rowsFromResult(res.result.departments),
  );
  const lists = {
    users,
    departments: depts,
    currencies: rowsFromResult(res.result.currencies),
    categories: rowsFromResult(res.result.categories, "categories"),
    statuses: rowsFromResult(res.result.statuses),
    fields: rowsFromResult(res.result.fields),
  };
  const rows = referenceRows(portalId, lists, quarantine);
  await db.transaction((tx) => storeReference(tx, portalId, rows));
  return {
    users: rows.userRows.length,
    departments: rows.deptRows.length,
    currencies: rows.currencyRows.length,
    pipelines: rows.pipelineRows.length,
    stages: rows.stageRows.length,
    userFields: rows.fieldRows.length,
  };
}

/** The rows replace the stored reference data; what the lists no longer hold was deleted on the portal. */
async function storeReference(tx: DbOrTx, portalId: number, rows: ReferenceRows) {
  const { userRows, deptRows, currencyRows, pipelineRows, keptPipelines } = rows;
  const { stageRows, dictRows, keptStages, fieldRows, optionRows } = rows;
  // Records that came back good leave quarantine.
  await clearQuarantine(
    tx,
    portalId,
    "users",
    userRows.map((r) => r.bitrixId),
  );
  await clearQuarantine(
    tx,
    portalId,
    "departments",
    deptRows.map((r) => r.bitrixId),
  );
  await clearQuarantine(
    tx,
    portalId,
    "pipelines",
    pipelineRows.map((r) => r.bitrixId),
  );
  await upsertRows(tx, b24Users, userRows, [b24Users.portalId, b24Users.bitrixId]);
  await upsertRows(tx, departments, deptRows, [departments.portalId, departments.bitrixId]);
  await upsertRows(tx, currencies, currencyRows, [currencies.portalId, currencies.bitrixId]);
  // The portal's base currency (BASE "Y") labels every sum it shows, and can change between syncs; a list
  // without one (its row quarantined) keeps the last known.
  const base = currencyRows.find((c) => c.isBase)?.bitrixId;
  if (base) {
    await tx.update(portals).set({ baseCurrency: base }).where(eq(portals.id, portalId));
    await tx
      .update(currencies)
      .set({ isBase: sql`${currencies.bitrixId} = ${base}` })
      .where(eq(currencies.portalId, portalId));
  }
  await upsertRows(tx, pipelines, pipelineRows, [pipelines.portalId, pipelines.bitrixId]);
  await upsertRows(tx, stages, stageRows, [stages.portalId, stages.bitrixId]);
  await upsertRows(tx, statusDictionary, dictRows, [
    statusDictionary.portalId,
    statusDictionary.entityId,
    statusDictionary.bitrixId,
  ]);
  await upsertRows(tx, userFields, fieldRows, [userFields.portalId, userFields.bitrixId]);
  await tx.delete(lossReasonOptions).where(eq(lossReasonOptions.portalId, portalId));
  await upsertRows(tx, lossReasonOptions, optionRows, [
    lossReasonOptions.portalId,
    lossReasonOptions.fieldName,
    lossReasonOptions.bitrixId,
  ]);
  // Reference lists come whole, so anything not in them was deleted on the portal.
  if (stageRows.length)
    await tx
      .delete(stages)
      .where(
        and(
          eq(stages.portalId, portalId),
          notInArray(stages.bitrixId, [...stageRows.map((s) => s.bitrixId), ...keptStages]),
        ),
      );
  if (pipelineRows.length)
    await tx
      .delete(pipelines)
      .where(
        and(
          eq(pipelines.portalId, portalId),
          notInArray(pipelines.bitrixId, [...pipelineRows.map((s) => s.bitrixId), ...keptPipelines]),
        ),
      );
}
