/** The synced CRM entities: how each is listed, validated and mapped to its table. */
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { z } from "zod";
import { activities, type comments, companies, contacts, deals, stageHistory } from "@/db/schema";
import type { ListSpec, WireRow } from "@/lib/bitrix24/list";
import {
  activityWire,
  companyWire,
  contactWire,
  dealWire,
  issueText,
  pipelineOfStage,
  stageHistoryWire,
} from "@/lib/bitrix24/wire";
import { toPlainText } from "@/lib/text";

export type Parsed<R> = { ok: true; row: R } | { ok: false; reason: string };

export interface EntityDef<T extends PgTable = PgTable> {
  name: "companies" | "contacts" | "deals" | "stageHistory" | "activities";
  spec: ListSpec;
  /** Filter for an incremental pass: rows changed since the watermark; null → only new ids (>ID). */
  changedSince: ((since: string) => Record<string, unknown>) | null;
  table: T;
  key: PgColumn[];
  parse(portalId: number, raw: WireRow): Parsed<T["$inferInsert"]>;
}

function parseWith<S extends z.ZodType, R>(schema: S, raw: WireRow, map: (d: z.output<S>) => R): Parsed<R> {
  const r = schema.safeParse(raw);
  if (!r.success) return { ok: false, reason: issueText(r.error) };
  return { ok: true, row: map(r.data) };
}

export const companiesDef: EntityDef<typeof companies> = {
  name: "companies",
  spec: {
    method: "crm.company.list",
    params: { select: ["ID", "TITLE", "COMPANY_TYPE", "ASSIGNED_BY_ID", "DATE_CREATE", "DATE_MODIFY"] },
  },
  changedSince: (since) => ({ ">=DATE_MODIFY": since }),
  table: companies,
  key: [companies.portalId, companies.bitrixId],
  parse: (portalId, raw) =>
    parseWith(companyWire, raw, (d) => ({
      portalId,
      bitrixId: d.ID,
      title: d.TITLE ?? "",
      companyType: d.COMPANY_TYPE,
      assignedById: d.ASSIGNED_BY_ID,
      dateCreate: d.DATE_CREATE,
      dateModify: d.DATE_MODIFY,
      raw,
      syncedAt: new Date(),
    })),
};

export const contactsDef: EntityDef<typeof contacts> = {
  name: "contacts",
  spec: {
    method: "crm.contact.list",
    params: {
      select: [
        "ID",
        "NAME",
        "LAST_NAME",
        "SECOND_NAME",
        "COMPANY_ID",
        "ASSIGNED_BY_ID",
        "DATE_CREATE",
        "DATE_MODIFY",
      ],
    },
  },
  changedSince: (since) => ({ ">=DATE_MODIFY": since }),
  table: contacts,
  key: [contacts.portalId, contacts.bitrixId],
  parse: (portalId, raw) =>
    parseWith(contactWire, raw, (d) => ({
      portalId,
      bitrixId: d.ID,
      name: d.NAME,
      lastName: d.LAST_NAME,
      secondName: d.SECOND_NAME,
      companyId: d.COMPANY_ID,
      assignedById: d.ASSIGNED_BY_ID,
      dateCreate: d.DATE_CREATE,
      dateModify: d.DATE_MODIFY,
      raw,
      syncedAt: new Date(),
    })),
};

export const dealsDef: EntityDef<typeof deals> = {
  name: "deals",
  spec: { method: "crm.deal.list", params: { select: ["*", "UF_*"] } },
  changedSince: (since) => ({ ">=DATE_MODIFY": since }),
  table: deals,
  key: [deals.portalId, deals.bitrixId],
  parse: (portalId, raw) =>
    parseWith(dealWire, raw, (d) => ({
      portalId,
      bitrixId: d.ID,
      title: d.TITLE ?? "",
      pipelineId: d.CATEGORY_ID ?? pipelineOfStage(d.STAGE_ID),
      stageId: d.STAGE_ID,
      stageSemantic: d.STAGE_SEMANTIC_ID,
      closed: d.CLOSED,
      typeId: d.TYPE_ID,
      sourceId: d.SOURCE_ID,
      opportunity: d.OPPORTUNITY,
      currencyId: d.CURRENCY_ID,
      opportunityAccount: d.OPPORTUNITY_ACCOUNT,
      accountCurrencyId: d.ACCOUNT_CURRENCY_ID,
      isManualOpportunity: d.IS_MANUAL_OPPORTUNITY,
      isReturnCustomer: d.IS_RETURN_CUSTOMER,
      companyId: d.COMPANY_ID,
      contactId: d.CONTACT_ID,
      assignedById: d.ASSIGNED_BY_ID,
      createdById: d.CREATED_BY_ID,
      movedById: d.MOVED_BY_ID,
      dateCreate: d.DATE_CREATE,
      dateModify: d.DATE_MODIFY,
      movedTime: d.MOVED_TIME,
      beginDate: d.BEGINDATE,
      closeDate: d.CLOSEDATE,
      comments: d.COMMENTS,
      probability: d.PROBABILITY,
      raw,
      syncedAt: new Date(),
    })),
};

export const stageHistoryDef: EntityDef<typeof stageHistory> = {
  name: "stageHistory",
  spec: { method: "crm.stagehistory.list", params: { entityTypeId: 2 }, itemsKey: "items" },
  changedSince: null,
  table: stageHistory,
  key: [stageHistory.portalId, stageHistory.bitrixId],
  parse: (portalId, raw) =>
    parseWith(stageHistoryWire, raw, (d) => ({
      portalId,
      bitrixId: d.ID,
      dealId: d.OWNER_ID,
      typeId: d.TYPE_ID,
      pipelineId: d.CATEGORY_ID ?? pipelineOfStage(d.STAGE_ID),
      stageId: d.STAGE_ID,
      stageSemantic: d.STAGE_SEMANTIC_ID,
      createdTime: d.CREATED_TIME,
      raw,
      syncedAt: new Date(),
    })),
};

export const activitiesDef: EntityDef<typeof activities> = {
  name: "activities",
  spec: {
    method: "crm.activity.list",
    params: {
      filter: { OWNER_TYPE_ID: 2 },
      select: [
        "ID",
        "OWNER_TYPE_ID",
        "OWNER_ID",
        "TYPE_ID",
        "PROVIDER_ID",
        "SUBJECT",
        "COMPLETED",
        "DIRECTION",
        "RESPONSIBLE_ID",
        "CREATED",
        "START_TIME",
        "END_TIME",
        "LAST_UPDATED",
      ],
    },
  },
  changedSince: (since) => ({ ">=LAST_UPDATED": since }),
  table: activities,
  key: [activities.portalId, activities.bitrixId],
  parse: (portalId, raw) =>
    parseWith(activityWire, raw, (d) => ({
      portalId,
      bitrixId: d.ID,
      ownerTypeId: d.OWNER_TYPE_ID,
      ownerId: d.OWNER_ID,
      typeId: d.TYPE_ID,
      providerId: d.PROVIDER_ID,
      subject: d.SUBJECT,
      completed: d.COMPLETED,
      direction: d.DIRECTION,
      responsibleId: d.RESPONSIBLE_ID,
      created: d.CREATED,
      startTime: d.START_TIME,
      endTime: d.END_TIME,
      raw,
      syncedAt: new Date(),
    })),
};

export const LIST_ENTITIES = [
  companiesDef,
  contactsDef,
  dealsDef,
  stageHistoryDef,
  activitiesDef,
] as EntityDef[];

/** Comments carried on the deal itself: the COMMENTS field and the configured loss-comment user field. */
export function dealFieldComments(
  portalId: number,
  deal: typeof deals.$inferInsert,
  lossCommentField: string | null | undefined,
): (typeof comments.$inferInsert)[] {
  const out: (typeof comments.$inferInsert)[] = [];
  const add = (source: "deal_field" | "user_field", body: unknown) => {
    if (typeof body !== "string" || !body.trim()) return;
    const text = toPlainText(body);
    if (!text) return;
    out.push({
      portalId,
      source,
      bitrixId: deal.bitrixId,
      dealId: deal.bitrixId,
      authorId: deal.assignedById ?? null,
      createdAt: deal.dateModify,
      body,
      bodyText: text,
      raw: {},
      syncedAt: new Date(),
    });
  };
  add("deal_field", deal.comments);
  if (lossCommentField) add("user_field", deal.raw[lossCommentField]);
  return out;
}
