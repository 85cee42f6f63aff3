/** The demo portal's dictionaries, currencies and deal user fields (the loss reason and the competitor). */
import type { WireRecord } from "../snapshot";
import { DEAL_TYPES } from "./banks";
import type { Rng } from "./random";

export const SOURCES: [string, string, number][] = [
  ["CALL", "Звонок", 0.18],
  ["EMAIL", "Электронная почта", 0.07],
  ["WEB", "Веб-сайт", 0.18],
  ["ADVERTISING", "Реклама", 0.1],
  ["PARTNER", "Существующий клиент", 0.05],
  ["RECOMMENDATION", "По рекомендации", 0.1],
  ["TRADE_SHOW", "Выставка", 0.04],
  ["WEBFORM", "CRM-форма", 0.12],
  ["CALLBACK", "Обратный звонок", 0.06],
  ["RC_GENERATOR", "Генератор продаж", 0.0],
  ["STORE", "Интернет-магазин", 0.0],
  ["REPEAT_SALE", "Повторные продажи", 0.0],
  ["OTHER", "Другое", 0.04],
];

/** Options of the reason field, one per reason code (REASON in reference.ts), as a real portal words them. */
const REASON_LABELS = [
  "Дорого",
  "Выбрали конкурента",
  "Нет бюджета",
  "Не выходит на связь",
  "Не подошёл функционал",
  "Отложили решение",
  "ЛПР отказал",
  "Нецелевой",
  "Другое",
];

/** SOURCE and DEAL_TYPE rows of crm.status.list, numbered from 1. */
export function dictionaryRows(): WireRecord[] {
  const rows: WireRecord[] = [];
  let rowId = 1;
  for (const [id, name] of SOURCES.map((s) => [s[0], s[1]])) {
    rows.push(dictRow(rowId++, "SOURCE", id!, name!, rows.length * 10 + 10));
  }
  DEAL_TYPES.forEach(([id, name], i) => {
    rows.push(dictRow(rowId++, "DEAL_TYPE", id, name, i * 10 + 10));
  });
  return rows;
}

export function currencies(updated: string): { rates: Record<string, number>; currencyRows: WireRecord[] } {
  return {
    rates: { RUB: 1, USD: 92.45, EUR: 100.12 },
    currencyRows: [
      currencyRow("RUB", "1.0000", "100", "Y", "Российский рубль", "ru", "# ₽", updated),
      currencyRow("USD", "92.4500", "200", "N", "Доллар США", "en", "$#", updated),
      currencyRow("EUR", "100.1200", "300", "N", "Евро", "de", "# €", updated),
    ],
  };
}

export interface DealUserFields {
  userFieldRows: WireRecord[];
  reasonField: string;
  competitorField: string;
  /** Option ID per reason code of the reason field. */
  reasonOptionIds: string[];
}

/** Enumeration UF "Причина отказа" and string UF "Конкурент", with ids as random as a real portal's. */
export function dealUserFields(rng: Rng): DealUserFields {
  const reasonField = `UF_CRM_${1_580_000_000_000 + rng.int(0, 99_999_999_999)}`;
  const competitorField = `UF_CRM_${1_690_000_000_000 + rng.int(0, 99_999_999_999)}`;
  const firstOption = 40 + rng.int(0, 200) * 2;
  const reasonOptionIds = REASON_LABELS.map((_, i) => String(firstOption + i * 2));
  const ufBase = 100 + rng.int(0, 400);
  const userFieldRows: WireRecord[] = [
    {
      ID: String(ufBase),
      ENTITY_ID: "CRM_DEAL",
      FIELD_NAME: reasonField,
      USER_TYPE_ID: "enumeration",
      XML_ID: null,
      SORT: "100",
      MULTIPLE: "N",
      MANDATORY: "N",
      SHOW_FILTER: "E",
      SHOW_IN_LIST: "Y",
      EDIT_IN_LIST: "Y",
      IS_SEARCHABLE: "N",
      SETTINGS: { DISPLAY: "LIST", LIST_HEIGHT: 1, CAPTION_NO_VALUE: "", SHOW_NO_VALUE: "Y" },
      EDIT_FORM_LABEL: "Причина отказа",
      LIST_COLUMN_LABEL: "Причина отказа",
      LIST_FILTER_LABEL: "Причина отказа",
      ERROR_MESSAGE: "",
      HELP_MESSAGE: "",
      LIST: REASON_LABELS.map((label, i) => ({
        ID: reasonOptionIds[i]!,
        SORT: String((i + 1) * 10),
        VALUE: label,
        DEF: "N",
        XML_ID: rng.token(32, "0123456789abcdef"),
      })),
    },
    {
      ID: String(ufBase + 7),
      ENTITY_ID: "CRM_DEAL",
      FIELD_NAME: competitorField,
      USER_TYPE_ID: "string",
      XML_ID: null,
      SORT: "110",
      MULTIPLE: "N",
      MANDATORY: "N",
      SHOW_FILTER: "I",
      SHOW_IN_LIST: "Y",
      EDIT_IN_LIST: "Y",
      IS_SEARCHABLE: "N",
      SETTINGS: { SIZE: 20, ROWS: 1, REGEXP: "", MIN_LENGTH: 0, MAX_LENGTH: 0, DEFAULT_VALUE: "" },
      EDIT_FORM_LABEL: "Конкурент",
      LIST_COLUMN_LABEL: "Конкурент",
      LIST_FILTER_LABEL: "Конкурент",
      ERROR_MESSAGE: "",
      HELP_MESSAGE: "",
    },
  ];
  return { userFieldRows, reasonField, competitorField, reasonOptionIds };
}

function dictRow(id: number, entity: string, statusId: string, name: string, sort: number): WireRecord {
  return {
    ID: String(id),
    ENTITY_ID: entity,
    STATUS_ID: statusId,
    NAME: name,
    NAME_INIT: name,
    SORT: String(sort),
    SYSTEM: "Y",
    CATEGORY_ID: null,
    COLOR: null,
    SEMANTICS: null,
  };
}

function currencyRow(
  code: string,
  amount: string,
  sort: string,
  base: string,
  fullName: string,
  lid: string,
  format: string,
  updated: string,
): WireRecord {
  return {
    CURRENCY: code,
    AMOUNT_CNT: "1",
    AMOUNT: amount,
    SORT: sort,
    BASE: base,
    FULL_NAME: fullName,
    LID: lid,
    FORMAT_STRING: format,
    DEC_POINT: ".",
    THOUSANDS_SEP: "&nbsp;",
    DECIMALS: "2",
    DATE_UPDATE: updated,
  };
}
