/**
 * Wire → row mappers. Legacy crm.* methods send every scalar as a string, flags as "Y"/"N", references as null,
 * "0" or "" for "none", datetimes in the portal offset and date fields as midnight UTC shown in that offset
 * (bitrix24-api.md §5.2). zod checks each record; a record that fails is quarantined by the caller.
 */
import { z } from "zod";

const str = z.union([z.string(), z.number()]).transform(String);
const optStr = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined || v === "" ? null : String(v)));
const id = z.union([z.string().regex(/^\d+$/), z.number().int()]).transform(Number);
/** A reference: null, "", "0" and 0 all mean "none". */
const ref = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v, ctx) => {
    if (v === null || v === undefined || v === "" || v === "0" || v === 0) return null;
    const n = Number(v);
    if (!Number.isInteger(n)) {
      ctx.addIssue({ code: "custom", message: `not an id: ${String(v)}` });
      return z.NEVER;
    }
    return n;
  });
const flag = z
  .union([z.enum(["Y", "N"]), z.boolean(), z.null()])
  .optional()
  .transform((v) => v === "Y" || v === true);
/** A wire instant, or null after recording an issue (e.g. the portal sent "0000-00-00 00:00:00"). */
function instant(v: string, ctx: z.RefinementCtx, what: string): Date | null {
  const d = new Date(v);
  if (!Number.isNaN(d.getTime())) return d;
  ctx.addIssue({ code: "custom", message: `bad ${what}: ${v}` });
  return null;
}
const nullableString = z.union([z.string(), z.null()]).optional();
const datetime = z.string().transform((v, ctx) => instant(v, ctx, "datetime") ?? z.NEVER);
const optDatetime = nullableString.transform((v, ctx) =>
  v ? (instant(v, ctx, "datetime") ?? z.NEVER) : null,
);
/**
 * Date field: parse, convert to UTC, take the UTC date (a negative offset would shift the local date). The result
 * is a calendar date of the portal: where it stands for an instant (a CLOSEDATE-only close), that instant is local
 * midnight in the portal's offset (lib/facts/deal-facts.ts), never 00:00 UTC.
 */
const dateField = nullableString.transform((v, ctx) =>
  v ? (instant(v, ctx, "date")?.toISOString().slice(0, 10) ?? z.NEVER) : null,
);
const moneyField = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v, ctx) => {
    if (v === null || v === undefined || v === "") return null;
    const n = Number(v);
    if (!Number.isFinite(n)) {
      ctx.addIssue({ code: "custom", message: `bad amount: ${String(v)}` });
      return z.NEVER;
    }
    return n;
  });
const semantic = z
  .union([z.enum(["P", "S", "F"]), z.null(), z.literal("")])
  .optional()
  .transform((v) => v || "P");

export const dealWire = z
  .object({
    ID: id,
    TITLE: optStr,
    CATEGORY_ID: ref,
    STAGE_ID: str,
    STAGE_SEMANTIC_ID: semantic,
    CLOSED: flag,
    TYPE_ID: optStr,
    SOURCE_ID: optStr,
    OPPORTUNITY: moneyField,
    CURRENCY_ID: optStr,
    OPPORTUNITY_ACCOUNT: moneyField,
    ACCOUNT_CURRENCY_ID: optStr,
    IS_MANUAL_OPPORTUNITY: flag,
    IS_RETURN_CUSTOMER: flag,
    COMPANY_ID: ref,
    CONTACT_ID: ref,
    ASSIGNED_BY_ID: ref,
    CREATED_BY_ID: ref,
    MOVED_BY_ID: ref,
    DATE_CREATE: datetime,
    DATE_MODIFY: datetime,
    MOVED_TIME: optDatetime,
    BEGINDATE: dateField,
    CLOSEDATE: dateField,
    COMMENTS: optStr,
    PROBABILITY: z
      .union([z.string(), z.number(), z.null()])
      .optional()
      .transform((v) => (v === null || v === undefined || v === "" ? null : Math.round(Number(v)) || 0)),
  })
  .loose();

export const stageHistoryWire = z
  .object({
    ID: id,
    TYPE_ID: id,
    OWNER_ID: id,
    CREATED_TIME: datetime,
    CATEGORY_ID: ref,
    STAGE_SEMANTIC_ID: semantic,
    STAGE_ID: str,
  })
  .loose();

export const statusWire = z
  .object({
    ENTITY_ID: str,
    STATUS_ID: str,
    NAME: str,
    SORT: id,
    CATEGORY_ID: ref,
    COLOR: optStr,
    SEMANTICS: z
      .union([z.enum(["S", "F"]), z.null(), z.literal("")])
      .optional()
      .transform((v) => v || "P"),
  })
  .loose();

export const categoryWire = z
  .object({ id, name: str, sort: z.union([z.number(), z.string()]).transform(Number), isDefault: flag })
  .loose();

export const userWire = z
  .object({
    ID: id,
    ACTIVE: z.union([z.boolean(), z.enum(["Y", "N"])]).transform((v) => v === true || v === "Y"),
    NAME: optStr,
    LAST_NAME: optStr,
    SECOND_NAME: optStr,
    EMAIL: optStr,
    WORK_POSITION: optStr,
    UF_DEPARTMENT: z
      .union([z.array(z.union([z.number(), z.string()])), z.null(), z.literal(""), z.literal(false)])
      .optional()
      .transform((v) => (Array.isArray(v) ? v.map(Number).filter(Number.isFinite) : [])),
    DATE_REGISTER: optDatetime,
  })
  .loose();

export const departmentWire = z
  .object({
    ID: id,
    NAME: str,
    SORT: z
      .union([z.number(), z.string()])
      .optional()
      .transform((v) => (v === undefined ? 500 : Number(v))),
    PARENT: ref,
    UF_HEAD: ref,
  })
  .loose();

export const companyWire = z
  .object({
    ID: id,
    TITLE: optStr,
    COMPANY_TYPE: optStr,
    ASSIGNED_BY_ID: ref,
    DATE_CREATE: optDatetime,
    DATE_MODIFY: optDatetime,
  })
  .loose();

export const contactWire = z
  .object({
    ID: id,
    NAME: optStr,
    LAST_NAME: optStr,
    SECOND_NAME: optStr,
    COMPANY_ID: ref,
    ASSIGNED_BY_ID: ref,
    DATE_CREATE: optDatetime,
    DATE_MODIFY: optDatetime,
  })
  .loose();

export const activityWire = z
  .object({
    ID: id,
    OWNER_TYPE_ID: id,
    OWNER_ID: id,
    TYPE_ID: id,
    PROVIDER_ID: optStr,
    SUBJECT: optStr,
    COMPLETED: flag,
    DIRECTION: ref,
    RESPONSIBLE_ID: ref,
    CREATED: optDatetime,
    START_TIME: optDatetime,
    END_TIME: optDatetime,
  })
  .loose();

export const commentWire = z
  .object({ ID: id, ENTITY_ID: id, CREATED: optDatetime, COMMENT: optStr, AUTHOR_ID: ref })
  .loose();

export const currencyWire = z
  .object({
    CURRENCY: str,
    AMOUNT: moneyField,
    AMOUNT_CNT: z
      .union([z.string(), z.number()])
      .optional()
      .transform((v) => Number(v ?? 1) || 1),
    BASE: flag,
    FULL_NAME: optStr,
  })
  .loose();

export const userFieldWire = z
  .object({
    FIELD_NAME: str,
    USER_TYPE_ID: str,
    MULTIPLE: flag,
    EDIT_FORM_LABEL: z.unknown().optional(),
    LIST_COLUMN_LABEL: z.unknown().optional(),
    LIST: z
      .array(z.object({ ID: str, VALUE: str, SORT: z.union([z.string(), z.number()]).optional() }).loose())
      .optional(),
  })
  .loose();

/** Pipeline of a stage id: "C12:NEW" → 12, bare ids → 0. Only used where the portal gives no CATEGORY_ID. */
export function pipelineOfStage(stageId: string): number {
  const m = /^C(\d+):/.exec(stageId);
  return m ? Number(m[1]) : 0;
}

export function label(value: unknown): string | null {
  if (typeof value === "string") return value || null;
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    const v = o.ru ?? o.en ?? Object.values(o)[0];
    return typeof v === "string" && v ? v : null;
  }
  return null;
}

/** Why a record was rejected, in one line for the quarantine table. */
export function issueText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "record"}: ${i.message}`).join("; ");
}

/** An instant written the way the portal writes it: ISO 8601 in its own offset ("2024-03-01T10:00:00+03:00"). */
export function toPortalTime(d: Date, offset: string): string {
  const m = /^([+-])(\d\d):(\d\d)$/.exec(offset);
  const minutes = m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  const local = new Date(d.getTime() + minutes * 60_000);
  return `${local.toISOString().slice(0, 19)}${m ? offset : "+00:00"}`;
}
