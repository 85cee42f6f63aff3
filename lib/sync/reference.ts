/** Reference data (users, departments, currencies, pipelines, stages, user fields): small, fetched whole in one batch. */
import { and, eq, notInArray, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Database } from "@/db";
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
import {
  categoryWire,
  currencyWire,
  departmentWire,
  issueText,
  label,
  pipelineOfStage,
  statusWire,
  userFieldWire,
  userWire,
} from "@/lib/bitrix24/wire";
import { clearQuarantine } from "./quarantine";
import { upsertRows } from "./upsert";

export type Quarantine = (entity: string, raw: unknown, reason: string) => void;

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
  const now = new Date();
  // Malformed stages and pipelines are kept, not deleted as "gone from the portal" (quarantine.ts).
  const keptStages: string[] = [];
  const keptPipelines: number[] = [];
  const parseAll = <S extends z.ZodType, R>(
    entity: string,
    rows: WireRow[],
    schema: S,
    map: (d: z.output<S>, raw: WireRow) => R,
  ): R[] =>
    rows.flatMap((raw) => {
      const p = schema.safeParse(raw);
      if (p.success) return [map(p.data, raw)];
      quarantine(entity, raw, issueText(p.error));
      return [];
    });
  const userRows = parseAll("users", users, userWire, (d, raw) => ({
    portalId,
    bitrixId: d.ID,
    name: d.NAME ?? "",
    lastName: d.LAST_NAME ?? "",
    secondName: d.SECOND_NAME,
    email: d.EMAIL,
    workPosition: d.WORK_POSITION,
    active: d.ACTIVE,
    departmentIds: d.UF_DEPARTMENT,
    dateRegister: d.DATE_REGISTER,
    raw,
    syncedAt: now,
  }));
  const deptRows = parseAll("departments", depts, departmentWire, (d, raw) => ({
    portalId,
    bitrixId: d.ID,
    name: d.NAME,
    parentId: d.PARENT,
    headUserId: d.UF_HEAD,
    sort: d.SORT,
    raw,
    syncedAt: now,
  }));
  const currencyRows = parseAll(
    "currencies",
    rowsFromResult(res.result.currencies),
    currencyWire,
    (d, raw) => ({
      portalId,
      bitrixId: d.CURRENCY,
      amount: d.AMOUNT ?? 1,
      amountCnt: d.AMOUNT_CNT,
      isBase: d.BASE,
      name: d.FULL_NAME,
      raw,
      syncedAt: now,
    }),
  );
  const categories = rowsFromResult(res.result.categories, "categories");
  for (const c of categories)
    if (!categoryWire.safeParse(c).success && Number.isInteger(Number(c.id)))
      keptPipelines.push(Number(c.id));
  const pipelineRows = parseAll("pipelines", categories, categoryWire, (d, raw) => ({
    portalId,
    bitrixId: d.id,
    name: d.name,
    sort: d.sort,
    isDefault: d.isDefault || d.id === 0,
    raw,
    syncedAt: now,
  }));
  const statuses = rowsFromResult(res.result.statuses);
  const stageRows: (typeof stages.$inferInsert)[] = [];
  const dictRows: (typeof statusDictionary.$inferInsert)[] = [];
  for (const raw of statuses) {
    const p = statusWire.safeParse(raw);
    if (!p.success) {
      quarantine("stages", raw, issueText(p.error));
      if (typeof raw.STATUS_ID === "string") keptStages.push(raw.STATUS_ID);
      continue;
    }
    const d = p.data;
    if (d.ENTITY_ID === "DEAL_STAGE" || d.ENTITY_ID.startsWith("DEAL_STAGE_")) {
      const pipelineId =
        d.CATEGORY_ID ??
        (d.ENTITY_ID === "DEAL_STAGE" ? 0 : Number(d.ENTITY_ID.slice(11)) || pipelineOfStage(d.STATUS_ID));
      stageRows.push({
        portalId,
        bitrixId: d.STATUS_ID,
        pipelineId,
        name: d.NAME,
        sort: d.SORT,
        semantics: d.SEMANTICS as "P" | "S" | "F",
        color: d.COLOR,
        raw,
        syncedAt: now,
      });
    } else {
      dictRows.push({
        portalId,
        entityId: d.ENTITY_ID,
        bitrixId: d.STATUS_ID,
        name: d.NAME,
        sort: d.SORT,
        raw,
        syncedAt: now,
      });
    }
  }
  const fieldRows: (typeof userFields.$inferInsert)[] = [];
  const optionRows: (typeof lossReasonOptions.$inferInsert)[] = [];
  for (const raw of rowsFromResult(res.result.fields)) {
    const p = userFieldWire.safeParse(raw);
    if (!p.success) {
      quarantine("userFields", raw, issueText(p.error));
      continue;
    }
    const d = p.data;
    fieldRows.push({
      portalId,
      bitrixId: d.FIELD_NAME,
      userTypeId: d.USER_TYPE_ID,
      label: label(d.EDIT_FORM_LABEL) ?? label(d.LIST_COLUMN_LABEL),
      multiple: d.MULTIPLE,
      raw,
      syncedAt: now,
    });
    for (const item of d.LIST ?? []) {
      optionRows.push({
        portalId,
        fieldName: d.FIELD_NAME,
        bitrixId: item.ID,
        value: item.VALUE,
        sort: Number(item.SORT ?? 0),
        syncedAt: now,
      });
    }
  }

  await db.transaction(async (tx) => {
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
  });
  return {
    users: userRows.length,
    departments: deptRows.length,
    currencies: currencyRows.length,
    pipelines: pipelineRows.length,
    stages: stageRows.length,
    userFields: fieldRows.length,
  };
}
