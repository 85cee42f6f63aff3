/**
 * The golden portal: a hand-written Bitrix24 snapshot with fixed ids, every record in the wire format
 * (strings, "Y"/"N", +03:00 datetimes, midnight-UTC date fields), built to exercise each rule of DESIGN.md §3.
 * Expected facts are computed by hand in tests/integration/sync.test.ts — keep the two in step.
 *
 * Deals (pipeline 0 "Продажи": NEW → QUAL → OFFER → WON, failures LOSE "Дорого" and "1" "Ушли к конкуренту";
 * pipeline 1 "Тендеры": C1:NEW → C1:PREPAYMENT_INVOIC (a truncated id) → C1:WON, failure C1:LOSE):
 *  1 won (company 10), 100 000 ₽, closed 2026-01-20 12:00 +03
 *  2 lost at OFFER into "1", company 10 after its win → prior win; 9.25-day cycle; 2 activities (1 done)
 *  3 lost in pipeline 1 at C1:PREPAYMENT_INVOIC, 1 000 USD (rate 90, no OPPORTUNITY_ACCOUNT), reason UF 102
 *  4 created directly in LOSE → lost at unknown; amount 0 → flagged
 *  5 lost, re-opened to OFFER, lost again → lost at OFFER, loss date = second loss; prior win from deal 9
 *  6 moved from pipeline 0 to 1 then lost → lost at C1:NEW (stages of the pipeline it left do not count)
 *  7 open
 *  8 lost with no history at all → loss date from CLOSEDATE 2026-06-15; client = contact 20
 *  9 won in pipeline 1 (company 11) on 2026-03-20
 */
import type { PortalSnapshot, WireRecord } from "@/emulator/snapshot";
import { emptyLists } from "@/emulator/snapshot";

export const GOLDEN_REASON_FIELD = "UF_CRM_1700000000001";

const stage = (
  entity: string,
  id: string,
  name: string,
  sort: number,
  sem: "P" | "S" | "F",
  n: number,
): WireRecord => ({
  ID: String(n),
  ENTITY_ID: entity,
  STATUS_ID: id,
  NAME: name,
  NAME_INIT: name,
  SORT: String(sort),
  SYSTEM: "N",
  CATEGORY_ID: entity === "DEAL_STAGE" ? null : entity.slice("DEAL_STAGE_".length),
  COLOR: sem === "S" ? "#7BD500" : sem === "F" ? "#FF5752" : "#39A8EF",
  SEMANTICS: sem === "P" ? null : sem,
  EXTRA: { SEMANTICS: sem === "P" ? "process" : sem === "S" ? "success" : "failure", COLOR: "#39A8EF" },
});

interface DealSpec {
  id: number;
  title: string;
  category: number;
  stage: string;
  sem: "P" | "S" | "F";
  amount: string;
  currency?: string;
  account?: string | null;
  company: string | null;
  contact: string | null;
  manager: number;
  created: string;
  modified: string;
  closeDate: string;
  comments?: string;
  reason?: string;
}

function deal(s: DealSpec): WireRecord {
  return {
    ID: String(s.id),
    TITLE: s.title,
    TYPE_ID: "SALE",
    CATEGORY_ID: String(s.category),
    STAGE_ID: s.stage,
    STAGE_SEMANTIC_ID: s.sem,
    IS_NEW: "N",
    IS_RECURRING: "N",
    IS_RETURN_CUSTOMER: "N",
    IS_REPEATED_APPROACH: "N",
    PROBABILITY: null,
    CURRENCY_ID: s.currency ?? "RUB",
    OPPORTUNITY: s.amount,
    IS_MANUAL_OPPORTUNITY: "N",
    TAX_VALUE: "0.00",
    LEAD_ID: null,
    COMPANY_ID: s.company,
    CONTACT_ID: s.contact,
    QUOTE_ID: null,
    BEGINDATE: `${s.created.slice(0, 10)}T03:00:00+03:00`,
    CLOSEDATE: s.closeDate,
    ASSIGNED_BY_ID: String(s.manager),
    CREATED_BY_ID: String(s.manager),
    MODIFY_BY_ID: String(s.manager),
    MOVED_BY_ID: String(s.manager),
    DATE_CREATE: s.created,
    DATE_MODIFY: s.modified,
    MOVED_TIME: s.modified,
    OPENED: "Y",
    CLOSED: s.sem === "P" ? "N" : "Y",
    COMMENTS: s.comments ?? null,
    ADDITIONAL_INFO: null,
    LOCATION_ID: null,
    SOURCE_ID: "CALL",
    SOURCE_DESCRIPTION: null,
    ORIGINATOR_ID: null,
    ORIGIN_ID: null,
    UTM_SOURCE: null,
    UTM_MEDIUM: null,
    UTM_CAMPAIGN: null,
    UTM_CONTENT: null,
    UTM_TERM: null,
    LAST_ACTIVITY_TIME: s.modified,
    LAST_ACTIVITY_BY: String(s.manager),
    OPPORTUNITY_ACCOUNT: s.account === undefined ? s.amount : s.account,
    ACCOUNT_CURRENCY_ID: "RUB",
    [GOLDEN_REASON_FIELD]: s.reason ?? "",
  };
}

let historyId = 100;
const h = (
  owner: number,
  type: 1 | 2 | 3 | 5,
  category: number,
  stageId: string,
  sem: "P" | "S" | "F",
  at: string,
): WireRecord => ({
  ID: String(++historyId),
  TYPE_ID: String(type),
  OWNER_ID: String(owner),
  CREATED_TIME: at,
  CATEGORY_ID: String(category),
  STAGE_SEMANTIC_ID: sem,
  STAGE_ID: stageId,
});

const activity = (
  id: number,
  owner: number,
  type: number,
  completed: boolean,
  at: string,
  manager: number,
): WireRecord => ({
  ID: String(id),
  OWNER_ID: String(owner),
  OWNER_TYPE_ID: "2",
  TYPE_ID: String(type),
  PROVIDER_ID: type === 2 ? "VOXIMPLANT_CALL" : "CRM_EMAIL",
  PROVIDER_TYPE_ID: type === 2 ? "CALL" : "EMAIL",
  SUBJECT: type === 2 ? "Звонок клиенту" : "Письмо с КП",
  CREATED: at,
  LAST_UPDATED: at,
  START_TIME: at,
  END_TIME: at,
  DEADLINE: at,
  COMPLETED: completed ? "Y" : "N",
  STATUS: completed ? "2" : "1",
  RESPONSIBLE_ID: String(manager),
  PRIORITY: "2",
  DESCRIPTION: "",
  DESCRIPTION_TYPE: "1",
  DIRECTION: "2",
});

export function goldenPortal(): PortalSnapshot {
  historyId = 100;
  const lists = emptyLists();
  lists["user.get"] = [
    {
      ID: "1",
      ACTIVE: true,
      NAME: "Ольга",
      LAST_NAME: "Директорова",
      EMAIL: "director@example.ru",
      WORK_POSITION: "РОП",
      UF_DEPARTMENT: [1],
    },
    {
      ID: "2",
      ACTIVE: true,
      NAME: "Иван",
      LAST_NAME: "Иванов",
      EMAIL: "ivanov@example.ru",
      WORK_POSITION: "Менеджер",
      UF_DEPARTMENT: [2],
    },
    {
      ID: "3",
      ACTIVE: false,
      NAME: "Мария",
      LAST_NAME: "Петрова",
      EMAIL: "petrova@example.ru",
      WORK_POSITION: "Менеджер",
      UF_DEPARTMENT: [2],
    },
  ];
  lists["department.get"] = [
    { ID: "1", NAME: "Компания", SORT: 500 },
    { ID: "2", NAME: "Отдел продаж", SORT: 500, PARENT: "1", UF_HEAD: "1" },
  ];
  lists["crm.currency.list"] = [
    {
      CURRENCY: "RUB",
      AMOUNT_CNT: "1",
      AMOUNT: "1.0000",
      SORT: "100",
      BASE: "Y",
      FULL_NAME: "Российский рубль",
    },
    { CURRENCY: "USD", AMOUNT_CNT: "1", AMOUNT: "90.0000", SORT: "200", BASE: "N", FULL_NAME: "Доллар США" },
  ];
  lists["crm.category.list"] = [
    { id: 0, name: "Продажи", sort: 100, entityTypeId: 2, isDefault: "Y" },
    { id: 1, name: "Тендеры", sort: 200, entityTypeId: 2, isDefault: "N", originId: "", originatorId: "" },
  ];
  lists["crm.status.list"] = [
    stage("DEAL_STAGE", "NEW", "Новая", 10, "P", 1),
    stage("DEAL_STAGE", "QUAL", "Квалификация", 20, "P", 2),
    stage("DEAL_STAGE", "OFFER", "Коммерческое предложение", 30, "P", 3),
    stage("DEAL_STAGE", "WON", "Сделка успешна", 60, "S", 4),
    stage("DEAL_STAGE", "LOSE", "Дорого", 70, "F", 5),
    stage("DEAL_STAGE", "1", "Ушли к конкуренту", 80, "F", 6),
    stage("DEAL_STAGE_1", "C1:NEW", "Новая", 10, "P", 7),
    stage("DEAL_STAGE_1", "C1:PREPAYMENT_INVOIC", "Счёт на предоплату", 20, "P", 8),
    stage("DEAL_STAGE_1", "C1:WON", "Сделка успешна", 60, "S", 9),
    stage("DEAL_STAGE_1", "C1:LOSE", "Сделка провалена", 70, "F", 10),
    {
      ID: "50",
      ENTITY_ID: "SOURCE",
      STATUS_ID: "CALL",
      NAME: "Звонок",
      NAME_INIT: "Звонок",
      SORT: "10",
      SYSTEM: "Y",
      CATEGORY_ID: null,
      COLOR: null,
      SEMANTICS: null,
    },
  ];
  lists["crm.deal.userfield.list"] = [
    {
      ID: "201",
      ENTITY_ID: "CRM_DEAL",
      FIELD_NAME: GOLDEN_REASON_FIELD,
      USER_TYPE_ID: "enumeration",
      XML_ID: null,
      SORT: "100",
      MULTIPLE: "N",
      MANDATORY: "N",
      SHOW_FILTER: "Y",
      SHOW_IN_LIST: "Y",
      EDIT_IN_LIST: "Y",
      IS_SEARCHABLE: "N",
      SETTINGS: { DISPLAY: "LIST" },
      EDIT_FORM_LABEL: "Причина отказа",
      LIST_COLUMN_LABEL: "Причина отказа",
      LIST_FILTER_LABEL: "Причина отказа",
      ERROR_MESSAGE: null,
      HELP_MESSAGE: null,
      LIST: [
        { ID: "101", SORT: "10", VALUE: "Дорого", DEF: "N", XML_ID: "PRICE" },
        { ID: "102", SORT: "20", VALUE: "Нет бюджета", DEF: "N", XML_ID: "BUDGET" },
      ],
    },
  ];
  lists["crm.company.list"] = [
    {
      ID: "10",
      TITLE: "ООО «Ромашка»",
      COMPANY_TYPE: "CUSTOMER",
      ASSIGNED_BY_ID: "2",
      DATE_CREATE: "2025-12-01T10:00:00+03:00",
      DATE_MODIFY: "2025-12-01T10:00:00+03:00",
    },
    {
      ID: "11",
      TITLE: "АО «Вектор»",
      COMPANY_TYPE: "CUSTOMER",
      ASSIGNED_BY_ID: "3",
      DATE_CREATE: "2025-12-02T10:00:00+03:00",
      DATE_MODIFY: "2025-12-02T10:00:00+03:00",
    },
  ];
  lists["crm.contact.list"] = [
    {
      ID: "20",
      NAME: "Пётр",
      LAST_NAME: "Сидоров",
      SECOND_NAME: null,
      COMPANY_ID: "10",
      ASSIGNED_BY_ID: "2",
      DATE_CREATE: "2025-12-01T10:00:00+03:00",
      DATE_MODIFY: "2025-12-01T10:00:00+03:00",
    },
    {
      ID: "21",
      NAME: "Анна",
      LAST_NAME: "Кузнецова",
      SECOND_NAME: null,
      COMPANY_ID: null,
      ASSIGNED_BY_ID: "3",
      DATE_CREATE: "2025-12-03T10:00:00+03:00",
      DATE_MODIFY: "2025-12-03T10:00:00+03:00",
    },
  ];
  lists["crm.deal.list"] = [
    deal({
      id: 1,
      title: "Поставка — Ромашка",
      category: 0,
      stage: "WON",
      sem: "S",
      amount: "100000.00",
      company: "10",
      contact: "20",
      manager: 2,
      created: "2026-01-10T10:00:00+03:00",
      modified: "2026-01-20T12:00:00+03:00",
      closeDate: "2026-01-20T03:00:00+03:00",
    }),
    deal({
      id: 2,
      title: "Расширение — Ромашка",
      category: 0,
      stage: "1",
      sem: "F",
      amount: "50000.00",
      company: "10",
      contact: "20",
      manager: 2,
      created: "2026-02-01T09:00:00+03:00",
      modified: "2026-02-10T15:00:00+03:00",
      closeDate: "2026-02-10T03:00:00+03:00",
      comments: "[B]Дорого[/B], ушли к конкуренту",
    }),
    deal({
      id: 3,
      title: "Тендер — Кузнецова",
      category: 1,
      stage: "C1:LOSE",
      sem: "F",
      amount: "1000.00",
      currency: "USD",
      account: null,
      company: "0",
      contact: "21",
      manager: 3,
      created: "2026-03-01T10:00:00+03:00",
      modified: "2026-03-05T10:00:00+03:00",
      closeDate: "2026-03-05T03:00:00+03:00",
      reason: "102",
    }),
    deal({
      id: 4,
      title: "Сразу в отказ — Вектор",
      category: 0,
      stage: "LOSE",
      sem: "F",
      amount: "0.00",
      company: "11",
      contact: null,
      manager: 3,
      created: "2026-03-10T10:00:00+03:00",
      modified: "2026-03-10T10:00:00+03:00",
      closeDate: "2026-03-10T03:00:00+03:00",
    }),
    deal({
      id: 5,
      title: "Второй заход — Вектор",
      category: 0,
      stage: "1",
      sem: "F",
      amount: "30000.00",
      company: "11",
      contact: null,
      manager: 2,
      created: "2026-04-01T10:00:00+03:00",
      modified: "2026-04-08T10:00:00+03:00",
      closeDate: "2026-04-08T03:00:00+03:00",
    }),
    deal({
      id: 6,
      title: "Переведена в тендеры — Ромашка",
      category: 1,
      stage: "C1:LOSE",
      sem: "F",
      amount: "20000.00",
      company: "10",
      contact: null,
      manager: 3,
      created: "2026-05-01T10:00:00+03:00",
      modified: "2026-05-06T10:00:00+03:00",
      closeDate: "2026-05-06T03:00:00+03:00",
    }),
    deal({
      id: 7,
      title: "В работе — Вектор",
      category: 0,
      stage: "QUAL",
      sem: "P",
      amount: "70000.00",
      company: "11",
      contact: null,
      manager: 2,
      created: "2026-06-01T10:00:00+03:00",
      modified: "2026-06-02T10:00:00+03:00",
      closeDate: "2026-07-01T03:00:00+03:00",
    }),
    deal({
      id: 8,
      title: "Без истории — Сидоров",
      category: 0,
      stage: "LOSE",
      sem: "F",
      amount: "10000.00",
      company: null,
      contact: "20",
      manager: 2,
      created: "2026-06-01T10:00:00+03:00",
      modified: "2026-06-16T10:00:00+03:00",
      closeDate: "2026-06-15T03:00:00+03:00",
    }),
    deal({
      id: 9,
      title: "Тендер — Вектор",
      category: 1,
      stage: "C1:WON",
      sem: "S",
      amount: "200000.00",
      company: "11",
      contact: null,
      manager: 3,
      created: "2026-02-15T10:00:00+03:00",
      modified: "2026-03-20T10:00:00+03:00",
      closeDate: "2026-03-20T03:00:00+03:00",
    }),
  ];
  lists["crm.stagehistory.list"] = [
    h(1, 1, 0, "NEW", "P", "2026-01-10T10:00:00+03:00"),
    h(1, 2, 0, "QUAL", "P", "2026-01-12T10:00:00+03:00"),
    h(1, 3, 0, "WON", "S", "2026-01-20T12:00:00+03:00"),
    h(2, 1, 0, "NEW", "P", "2026-02-01T09:00:00+03:00"),
    h(2, 2, 0, "QUAL", "P", "2026-02-03T09:00:00+03:00"),
    h(9, 1, 1, "C1:NEW", "P", "2026-02-15T10:00:00+03:00"),
    h(2, 2, 0, "OFFER", "P", "2026-02-05T09:00:00+03:00"),
    h(2, 3, 0, "1", "F", "2026-02-10T15:00:00+03:00"),
    h(3, 1, 1, "C1:NEW", "P", "2026-03-01T10:00:00+03:00"),
    h(3, 2, 1, "C1:PREPAYMENT_INVOIC", "P", "2026-03-02T10:00:00+03:00"),
    h(3, 3, 1, "C1:LOSE", "F", "2026-03-05T10:00:00+03:00"),
    h(4, 1, 0, "LOSE", "F", "2026-03-10T10:00:00+03:00"),
    h(9, 3, 1, "C1:WON", "S", "2026-03-20T10:00:00+03:00"),
    h(5, 1, 0, "NEW", "P", "2026-04-01T10:00:00+03:00"),
    h(5, 2, 0, "QUAL", "P", "2026-04-02T10:00:00+03:00"),
    h(5, 3, 0, "LOSE", "F", "2026-04-03T10:00:00+03:00"),
    h(5, 2, 0, "OFFER", "P", "2026-04-05T10:00:00+03:00"),
    h(5, 3, 0, "1", "F", "2026-04-08T10:00:00+03:00"),
    h(6, 1, 0, "NEW", "P", "2026-05-01T10:00:00+03:00"),
    h(6, 2, 0, "QUAL", "P", "2026-05-02T10:00:00+03:00"),
    h(6, 5, 1, "C1:NEW", "P", "2026-05-03T10:00:00+03:00"),
    h(6, 3, 1, "C1:LOSE", "F", "2026-05-06T10:00:00+03:00"),
    h(7, 1, 0, "NEW", "P", "2026-06-01T10:00:00+03:00"),
    h(7, 2, 0, "QUAL", "P", "2026-06-02T10:00:00+03:00"),
  ];
  lists["crm.activity.list"] = [
    activity(301, 1, 2, true, "2026-01-11T10:00:00+03:00", 2),
    activity(302, 1, 4, true, "2026-01-13T10:00:00+03:00", 2),
    activity(303, 1, 2, true, "2026-01-15T10:00:00+03:00", 2),
    activity(304, 2, 2, true, "2026-02-02T10:00:00+03:00", 2),
    activity(305, 2, 4, false, "2026-02-06T10:00:00+03:00", 2),
    activity(306, 5, 2, true, "2026-04-06T10:00:00+03:00", 2),
  ];
  lists["crm.timeline.comment.list"] = [
    {
      ID: "401",
      ENTITY_ID: "2",
      ENTITY_TYPE: "deal",
      CREATED: "2026-02-10T15:05:00+03:00",
      COMMENT: "Ушли к конкуренту — у них дешевле на 20%",
      AUTHOR_ID: "2",
      FILES: {},
    },
    {
      ID: "402",
      ENTITY_ID: "5",
      ENTITY_TYPE: "deal",
      CREATED: "2026-04-03T11:00:00+03:00",
      COMMENT: "Пропал, не берёт трубку",
      AUTHOR_ID: "2",
      FILES: {},
    },
    {
      ID: "403",
      ENTITY_ID: "5",
      ENTITY_TYPE: "deal",
      CREATED: "2026-04-08T11:00:00+03:00",
      COMMENT: "<b>Выбрали</b> amoCRM <script>alert(1)</script>",
      AUTHOR_ID: "2",
      FILES: {},
    },
  ];
  return {
    portal: {
      domain: "golden.bitrix24.ru",
      timezoneOffset: "+03:00",
      baseCurrency: "RUB",
      webhookUserId: 1,
      webhookSecret: "goldensecret0001",
      scopes: ["crm", "user", "department"],
      plan: "professional",
      memberId: "golden-member",
      applicationToken: "golden-app-token",
      now: "2026-07-01T12:00:00+03:00",
    },
    lists,
  };
}
