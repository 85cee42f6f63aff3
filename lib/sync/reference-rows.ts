/**
 * Reference lists from the wire to rows: each record checked by its zod schema, a malformed one quarantined.
 * Malformed stages and pipelines are also kept, not deleted as "gone from the portal" (quarantine.ts).
 */
import type { z } from "zod";
import type { lossReasonOptions, stages, statusDictionary, userFields } from "@/db/schema";
import type { WireRow } from "@/lib/bitrix24/list";
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

export type Quarantine = (entity: string, raw: unknown, reason: string) => void;

export interface ReferenceLists {
  users: WireRow[];
  departments: WireRow[];
  currencies: WireRow[];
  categories: WireRow[];
  statuses: WireRow[];
  fields: WireRow[];
}

/** Every reference list as rows, in the order the lists are checked (their quarantine entries follow it). */
export function referenceRows(portalId: number, lists: ReferenceLists, quarantine: Quarantine) {
  const now = new Date();
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
  const userRows = parseAll("users", lists.users, userWire, (d, raw) => ({
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
  const deptRows = parseAll("departments", lists.departments, departmentWire, (d, raw) => ({
    portalId,
    bitrixId: d.ID,
    name: d.NAME,
    parentId: d.PARENT,
    headUserId: d.UF_HEAD,
    sort: d.SORT,
    raw,
    syncedAt: now,
  }));
  const currencyRows = parseAll("currencies", lists.currencies, currencyWire, (d, raw) => ({
    portalId,
    bitrixId: d.CURRENCY,
    amount: d.AMOUNT ?? 1,
    amountCnt: d.AMOUNT_CNT,
    isBase: d.BASE,
    name: d.FULL_NAME,
    raw,
    syncedAt: now,
  }));
  const keptPipelines: number[] = [];
  for (const c of lists.categories)
    if (!categoryWire.safeParse(c).success && Number.isInteger(Number(c.id)))
      keptPipelines.push(Number(c.id));
  const pipelineRows = parseAll("pipelines", lists.categories, categoryWire, (d, raw) => ({
    portalId,
    bitrixId: d.id,
    name: d.name,
    sort: d.sort,
    isDefault: d.isDefault || d.id === 0,
    raw,
    syncedAt: now,
  }));
  const statuses = stageRowsOf(portalId, lists.statuses, quarantine, now);
  const fields = fieldRowsOf(portalId, lists.fields, quarantine, now);
  return { userRows, deptRows, currencyRows, pipelineRows, keptPipelines, ...statuses, ...fields };
}

export type ReferenceRows = ReturnType<typeof referenceRows>;

/** crm.status.list: deal stages (per pipeline) apart from the other status dictionaries. */
function stageRowsOf(portalId: number, statuses: WireRow[], quarantine: Quarantine, now: Date) {
  const keptStages: string[] = [];
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
  return { stageRows, dictRows, keptStages };
}

/** Deal user fields, and the options of the enumeration ones (where a loss reason may come from). */
function fieldRowsOf(portalId: number, fields: WireRow[], quarantine: Quarantine, now: Date) {
  const fieldRows: (typeof userFields.$inferInsert)[] = [];
  const optionRows: (typeof lossReasonOptions.$inferInsert)[] = [];
  for (const raw of fields) {
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
  return { fieldRows, optionRows };
}
