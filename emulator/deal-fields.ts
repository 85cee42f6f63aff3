/**
 * crm.deal.fields (derived: documented standard fields + user fields from crm.deal.userfield.list) and the
 * UPPER_CASE ⇄ camelCase mapping used by crm.item.list (bitrix24-api.md §5.3, §5.4).
 */
import type { WireRecord } from "./snapshot";
import type { PortalState } from "./state";

type FieldDef = [type: string, title: string, flags?: string, statusType?: string];

/** flags: R = read-only, I = immutable, M = multiple, D = deprecated, Q = required. */
const STANDARD: Record<string, FieldDef> = {
  ID: ["integer", "ID", "R"],
  TITLE: ["string", "Name"],
  TYPE_ID: ["crm_status", "Type", "", "DEAL_TYPE"],
  CATEGORY_ID: ["crm_category", "Pipeline", "I"],
  STAGE_ID: ["crm_status", "Deal stage", "", "DEAL_STAGE"],
  STAGE_SEMANTIC_ID: ["string", "Stage group", "R"],
  IS_NEW: ["char", "New deal", "R"],
  IS_RECURRING: ["char", "Recurring deal"],
  IS_RETURN_CUSTOMER: ["char", "Repeat deal", "R"],
  IS_REPEATED_APPROACH: ["char", "Repeat inquiry", "R"],
  PROBABILITY: ["integer", "Probability"],
  CURRENCY_ID: ["crm_currency", "Currency"],
  OPPORTUNITY: ["double", "Amount"],
  IS_MANUAL_OPPORTUNITY: ["char", "IS_MANUAL_OPPORTUNITY"],
  TAX_VALUE: ["double", "Tax rate"],
  COMPANY_ID: ["crm_company", "Company"],
  CONTACT_ID: ["crm_contact", "Contact", "D"],
  CONTACT_IDS: ["crm_contact", "Contacts", "M"],
  QUOTE_ID: ["crm_quote", "Quote", "R"],
  BEGINDATE: ["date", "Start date"],
  CLOSEDATE: ["date", "End date"],
  OPENED: ["char", "Available to everyone"],
  CLOSED: ["char", "Closed"],
  COMMENTS: ["string", "Comment"],
  ASSIGNED_BY_ID: ["user", "Responsible person"],
  CREATED_BY_ID: ["user", "Created by", "R"],
  MODIFY_BY_ID: ["user", "Modified by", "R"],
  MOVED_BY_ID: ["user", "Moved by", "R"],
  DATE_CREATE: ["datetime", "Created on", "R"],
  DATE_MODIFY: ["datetime", "Modified on", "R"],
  MOVED_TIME: ["datetime", "Moved on", "R"],
  SOURCE_ID: ["crm_status", "Source", "", "SOURCE"],
  SOURCE_DESCRIPTION: ["string", "Source information"],
  LEAD_ID: ["crm_lead", "Lead", "R"],
  ADDITIONAL_INFO: ["string", "Additional information"],
  LOCATION_ID: ["location", "Location"],
  ORIGINATOR_ID: ["string", "External source"],
  ORIGIN_ID: ["string", "Item ID in data source"],
  UTM_SOURCE: ["string", "Ad system"],
  UTM_MEDIUM: ["string", "Traffic type"],
  UTM_CAMPAIGN: ["string", "Ad campaign UTM"],
  UTM_CONTENT: ["string", "Campaign contents"],
  UTM_TERM: ["string", "Campaign search term"],
  LAST_ACTIVITY_TIME: ["datetime", "Last activity", "R"],
  LAST_ACTIVITY_BY: ["user", "Last activity by", "R"],
};

export const STANDARD_DEAL_FIELDS = Object.keys(STANDARD);

function label(v: unknown): string {
  if (typeof v === "string") return v;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return String(o.en ?? o.ru ?? Object.values(o)[0] ?? "");
  }
  return "";
}

export function dealFields(state: PortalState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, [type, title, flags = "", statusType]] of Object.entries(STANDARD)) {
    out[name] = {
      type,
      isRequired: flags.includes("Q"),
      isReadOnly: flags.includes("R"),
      isImmutable: flags.includes("I"),
      isMultiple: flags.includes("M"),
      isDynamic: false,
      title,
      ...(statusType ? { statusType } : {}),
      ...(flags.includes("D") ? { isDeprecated: true } : {}),
    };
  }
  const sample = state.deals.rows[0] ?? {};
  for (const key of Object.keys(sample)) {
    const m = /^PARENT_ID_(\d+)$/.exec(key);
    if (m) {
      out[key] = {
        type: "crm_entity",
        isRequired: false,
        isReadOnly: false,
        isImmutable: false,
        isMultiple: false,
        isDynamic: false,
        title: key,
        settings: { parentEntityTypeId: Number(m[1]) },
      };
    }
  }
  for (const uf of state.dealUserFields()) {
    const name = String(uf.FIELD_NAME);
    const list = Array.isArray(uf.LIST) ? (uf.LIST as WireRecord[]) : [];
    out[name] = {
      type: String(uf.USER_TYPE_ID),
      isRequired: uf.MANDATORY === "Y",
      isReadOnly: false,
      isImmutable: false,
      isMultiple: uf.MULTIPLE === "Y",
      isDynamic: true,
      title: name,
      listLabel: label(uf.LIST_COLUMN_LABEL),
      formLabel: label(uf.EDIT_FORM_LABEL),
      filterLabel: label(uf.LIST_FILTER_LABEL),
      ...(uf.USER_TYPE_ID === "enumeration"
        ? { items: list.map((i) => ({ ID: i.ID, VALUE: i.VALUE })) }
        : {}),
      settings: uf.SETTINGS ?? {},
    };
  }
  return out;
}

/** Empty value of each deal UF as crm.deal.get/list returns it ("" single, [] multiple). */
export function ufDefaults(state: PortalState): Map<string, unknown> {
  const map = new Map<string, unknown>();
  for (const uf of state.dealUserFields()) map.set(String(uf.FIELD_NAME), uf.MULTIPLE === "Y" ? [] : "");
  return map;
}

const SPECIAL: Record<string, string> = {
  ID: "id",
  CREATED_BY_ID: "createdBy",
  MODIFY_BY_ID: "updatedBy",
  MOVED_BY_ID: "movedBy",
  DATE_CREATE: "createdTime",
  DATE_MODIFY: "updatedTime",
  BEGINDATE: "begindate",
  CLOSEDATE: "closedate",
  CONTACT_IDS: "contactIds",
};

function snakeToCamel(s: string): string {
  return s.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** UPPER_CASE deal field → crm.item name (`UF_CRM_123` → `ufCrm_123`, `PARENT_ID_1220` → `parentId1220`). */
export function itemName(upper: string, originalUf = false): string {
  if (SPECIAL[upper]) return SPECIAL[upper];
  const uf = /^UF_CRM_(.+)$/.exec(upper);
  if (uf) {
    if (originalUf) return upper;
    return /^\d/.test(uf[1]!) ? `ufCrm_${uf[1]}` : snakeToCamel(upper);
  }
  return snakeToCamel(upper);
}

const INT_FIELDS = new Set([
  "ID",
  "CATEGORY_ID",
  "COMPANY_ID",
  "CONTACT_ID",
  "LEAD_ID",
  "QUOTE_ID",
  "ASSIGNED_BY_ID",
  "CREATED_BY_ID",
  "MODIFY_BY_ID",
  "MOVED_BY_ID",
  "LAST_ACTIVITY_BY",
  "PROBABILITY",
  "LOCATION_ID",
]);
const FLOAT_FIELDS = new Set(["OPPORTUNITY", "TAX_VALUE"]);

function toNum(v: unknown): unknown {
  if (v === null || v === undefined || v === "") return v === "" ? null : v;
  if (Array.isArray(v)) return v.map(toNum);
  const n = Number(v);
  return Number.isNaN(n) ? v : n;
}

/** All UPPER_CASE names crm.item.list accepts for deals, keyed by their item name (and UF original names). */
export function itemFieldMap(state: PortalState): Map<string, string> {
  const map = new Map<string, string>();
  const names = new Set([...STANDARD_DEAL_FIELDS, ...Object.keys(state.deals.rows[0] ?? {})]);
  for (const uf of state.dealUserFields()) names.add(String(uf.FIELD_NAME));
  for (const n of names) {
    map.set(itemName(n), n);
    if (n.startsWith("UF_")) map.set(n, n);
  }
  return map;
}

/** Converter of deal rows to their typed camelCase crm.item representation. */
export function itemConverter(state: PortalState, originalUf: boolean): (row: WireRecord) => WireRecord {
  const ufTypes = new Map(state.dealUserFields().map((u) => [String(u.FIELD_NAME), String(u.USER_TYPE_ID)]));
  return (row) => toItem(row, ufTypes, originalUf);
}

function toItem(row: WireRecord, ufTypes: Map<string, string>, originalUf: boolean): WireRecord {
  const out: WireRecord = {};
  for (const [key, value] of Object.entries(row)) {
    let v = value;
    if (INT_FIELDS.has(key) || FLOAT_FIELDS.has(key) || /^PARENT_ID_\d+$/.test(key)) v = toNum(value);
    const ufType = ufTypes.get(key);
    if (ufType && ["enumeration", "employee", "integer", "double"].includes(ufType)) v = toNum(value);
    if (ufType === "boolean" && (value === "1" || value === "0")) v = value === "1" ? "Y" : "N";
    out[itemName(key, originalUf)] = v;
  }
  if (!("contactIds" in out)) {
    const c = Number(row.CONTACT_ID);
    out.contactIds = c > 0 ? [c] : [];
  }
  if (!("observers" in out)) out.observers = [];
  return out;
}
