/**
 * A small portal written in its own local time: the same calendar (deals lost "on 1 April", at 23:30 on
 * 31 March …) at any UTC offset and in any base currency. Datetimes go on the wire in the portal's offset and
 * date fields by the midnight-UTC rule (bitrix24-api.md §5.2), exactly as the emulator renders them, so a
 * report read in the portal's offset must give the same figures at every offset.
 *
 * Pipeline 0: NEW → WON, failure LOSE. Deals (local times):
 *  1 lost, CLOSEDATE 2026-04-01 only (no history), created 20.03 10:00, 1 000
 *  2 lost by history at 31.03 23:30 (a minute-precise time just before midnight), created 25.03 10:00, 2 000
 *  3 lost by history at 01.04 00:30 (just after midnight), created 26.03 10:00, 4 000
 *  4 won, CLOSEDATE 2026-04-01 only, created 01.03 12:00, 8 000
 *  5 lost, CLOSEDATE 2026-03-31 only, created 31.03 18:00 (the date-only close precedes it), 16 000
 *  6 won by history at 31.03 23:45, created 15.03 10:00, 32 000
 *  7 open, created 02.04 10:00, 64 000 (CLOSEDATE 2026-04-30: a planned date, never a close)
 * Every amount is in the base currency, except deal 2 when `foreign` names a currency: then deal 2 is 2 000
 * of that currency, converted by its rate.
 */
import type { PortalSnapshot, WireRecord } from "@/emulator/snapshot";
import { emptyLists } from "@/emulator/snapshot";
import { formatDateField } from "@/emulator/wire";

export interface TzPortalOptions {
  offset: string;
  domain: string;
  baseCurrency?: string;
  /** A second currency and its rate (base units per AMOUNT_CNT units), used by deal 2. */
  foreign?: { code: string; amount: string; amountCnt: string };
}

const stage = (id: string, name: string, sort: number, sem: "P" | "S" | "F", n: number): WireRecord => ({
  ID: String(n),
  ENTITY_ID: "DEAL_STAGE",
  STATUS_ID: id,
  NAME: name,
  SORT: String(sort),
  CATEGORY_ID: null,
  SEMANTICS: sem === "P" ? null : sem,
});

export function tzPortal(o: TzPortalOptions): PortalSnapshot {
  const base = o.baseCurrency ?? "RUB";
  /** A local wall time "2026-03-31 23:30" on the wire: ISO 8601 in the portal's offset. */
  const at = (local: string) => `${local.replace(" ", "T")}:00${o.offset}`;
  const date = (d: string | null) => (d ? formatDateField(d, o.offset) : null);
  const deal = (
    id: number,
    s: { stage: string; sem: "P" | "S" | "F"; amount: string; created: string; closeDate: string | null },
  ): WireRecord => {
    const foreign = id === 2 && o.foreign ? o.foreign.code : null;
    return {
      ID: String(id),
      TITLE: `Сделка ${id}`,
      CATEGORY_ID: "0",
      STAGE_ID: s.stage,
      STAGE_SEMANTIC_ID: s.sem,
      CLOSED: s.sem === "P" ? "N" : "Y",
      TYPE_ID: "SALE",
      SOURCE_ID: "CALL",
      CURRENCY_ID: foreign ?? base,
      OPPORTUNITY: s.amount,
      OPPORTUNITY_ACCOUNT: foreign ? null : s.amount,
      ACCOUNT_CURRENCY_ID: base,
      IS_MANUAL_OPPORTUNITY: "N",
      IS_RETURN_CUSTOMER: "N",
      COMPANY_ID: null,
      CONTACT_ID: null,
      ASSIGNED_BY_ID: "1",
      CREATED_BY_ID: "1",
      MOVED_BY_ID: "1",
      DATE_CREATE: at(s.created),
      // Modified days later: a loss date that fell back to DATE_MODIFY would show.
      DATE_MODIFY: at("2026-04-20 10:00"),
      MOVED_TIME: at("2026-04-20 10:00"),
      BEGINDATE: date(s.created.slice(0, 10)),
      CLOSEDATE: date(s.closeDate),
      COMMENTS: null,
    };
  };
  let hid = 0;
  const h = (owner: number, type: 1 | 2 | 3, stageId: string, sem: "P" | "S" | "F", local: string) => ({
    ID: String(++hid),
    TYPE_ID: String(type),
    OWNER_ID: String(owner),
    CREATED_TIME: at(local),
    CATEGORY_ID: "0",
    STAGE_SEMANTIC_ID: sem,
    STAGE_ID: stageId,
  });
  const lists = emptyLists();
  lists["user.get"] = [{ ID: "1", ACTIVE: true, NAME: "Ольга", LAST_NAME: "Первая", UF_DEPARTMENT: [1] }];
  lists["department.get"] = [{ ID: "1", NAME: "Продажи", SORT: 500 }];
  lists["crm.currency.list"] = [
    { CURRENCY: base, AMOUNT_CNT: "1", AMOUNT: "1.0000", SORT: "100", BASE: "Y", FULL_NAME: base },
    ...(o.foreign
      ? [
          {
            CURRENCY: o.foreign.code,
            AMOUNT_CNT: o.foreign.amountCnt,
            AMOUNT: o.foreign.amount,
            SORT: "200",
            BASE: "N",
            FULL_NAME: o.foreign.code,
          },
        ]
      : []),
  ];
  lists["crm.category.list"] = [{ id: 0, name: "Продажи", sort: 100, entityTypeId: 2, isDefault: "Y" }];
  lists["crm.status.list"] = [
    stage("NEW", "Новая", 10, "P", 1),
    stage("WON", "Сделка успешна", 60, "S", 2),
    stage("LOSE", "Дорого", 70, "F", 3),
  ];
  lists["crm.deal.list"] = [
    deal(1, {
      stage: "LOSE",
      sem: "F",
      amount: "1000.00",
      created: "2026-03-20 10:00",
      closeDate: "2026-04-01",
    }),
    deal(2, {
      stage: "LOSE",
      sem: "F",
      amount: "2000.00",
      created: "2026-03-25 10:00",
      closeDate: "2026-03-31",
    }),
    deal(3, {
      stage: "LOSE",
      sem: "F",
      amount: "4000.00",
      created: "2026-03-26 10:00",
      closeDate: "2026-04-01",
    }),
    deal(4, {
      stage: "WON",
      sem: "S",
      amount: "8000.00",
      created: "2026-03-01 12:00",
      closeDate: "2026-04-01",
    }),
    deal(5, {
      stage: "LOSE",
      sem: "F",
      amount: "16000.00",
      created: "2026-03-31 18:00",
      closeDate: "2026-03-31",
    }),
    deal(6, {
      stage: "WON",
      sem: "S",
      amount: "32000.00",
      created: "2026-03-15 10:00",
      closeDate: "2026-03-31",
    }),
    deal(7, {
      stage: "NEW",
      sem: "P",
      amount: "64000.00",
      created: "2026-04-02 10:00",
      closeDate: "2026-04-30",
    }),
  ];
  lists["crm.stagehistory.list"] = [
    h(2, 1, "NEW", "P", "2026-03-25 10:00"),
    h(2, 3, "LOSE", "F", "2026-03-31 23:30"),
    h(3, 1, "NEW", "P", "2026-03-26 10:00"),
    h(3, 3, "LOSE", "F", "2026-04-01 00:30"),
    h(6, 1, "NEW", "P", "2026-03-15 10:00"),
    h(6, 3, "WON", "S", "2026-03-31 23:45"),
    h(7, 1, "NEW", "P", "2026-04-02 10:00"),
  ];
  lists["crm.timeline.comment.list"] = [
    {
      ID: "1",
      ENTITY_ID: "1",
      ENTITY_TYPE: "deal",
      CREATED: at("2026-04-01 09:00"),
      COMMENT: "Дорого, выбрали конкурента подешевле",
      AUTHOR_ID: "1",
      FILES: {},
    },
  ];
  return {
    portal: {
      domain: o.domain,
      timezoneOffset: o.offset,
      baseCurrency: base,
      webhookUserId: 1,
      webhookSecret: "tzportalsecret01",
      scopes: ["crm", "user", "department"],
      plan: "professional",
      memberId: `member-${o.domain}`,
      applicationToken: "tz-app-token",
      now: at("2026-05-01 12:00"),
    },
    lists,
  };
}
