/**
 * The built-in loss themes and competitor list, seeded into a portal's `themes` / `competitors` the first time
 * they are needed; admins edit them from there. Keywords are words or phrases matched on stems by Postgres'
 * 'russian' text-search configuration (Russian snowball for Cyrillic, English snowball for Latin), so one form
 * covers the others ("цена" matches "цены", "ценой"); `*` at the end makes a prefix ("конкурент*"). Common
 * misspellings managers actually type ("дорага", "канкурент") are listed as keywords of their own.
 */

export interface LexiconTheme {
  key: string;
  nameRu: string;
  nameEn: string;
  keywords: string[];
}

export interface LexiconCompetitor {
  name: string;
  variants: string[];
}

/** The theme every competitor mention also carries. */
export const COMPETITOR_THEME_KEY = "competitor";

export const BUILTIN_THEMES: readonly LexiconTheme[] = [
  {
    key: "price",
    nameRu: "Цена",
    nameEn: "Price",
    keywords: [
      "цена",
      "ценник",
      "дорого",
      "дороже",
      "дороговато",
      "дорага",
      "дешевле",
      "дёшево",
      "скидка",
      "стоимость",
      "прайс",
      "за такие деньги",
      "кусаются",
      "expensive",
      "price*",
      "pricing",
      "discount*",
    ],
  },
  {
    key: COMPETITOR_THEME_KEY,
    nameRu: "Конкурент",
    nameEn: "Competitor",
    keywords: ["конкурент*", "канкурент*", "конкурирующ*", "competitor*", "went with", "другого подрядчика"],
  },
  {
    key: "budget",
    nameRu: "Нет бюджета",
    nameEn: "No budget",
    keywords: [
      "бюджет*",
      "budget*",
      "нет денег",
      "денег нет",
      "финансирование",
      "сокращение расходов",
      "закупки заморожены",
    ],
  },
  {
    key: "timing",
    nameRu: "Отложили, не время",
    nameEn: "Timing, postponed",
    keywords: [
      "отложили",
      "отложить",
      "перенесли",
      "перенести",
      "следующий квартал",
      "следующем году",
      "следующего года",
      "вернуться",
      "перезвонить через",
      "заморозили проект",
      "до весны",
      "до осени",
      "через полгода",
      "после нового года",
      "не до этого",
      "postpone*",
      "next year",
      "later",
    ],
  },
  {
    key: "no_response",
    nameRu: "Нет ответа",
    nameEn: "No response",
    keywords: [
      "не берёт трубку",
      "не берет трубку",
      "пропал",
      "не отвечает",
      "не отвечают",
      "выходить на связь",
      "выходит на связь",
      "недозвон",
      "молчит",
      "без ответа",
      "не соединяет",
      "no response",
      "no answer",
      "ghosted",
    ],
  },
  {
    key: "product_fit",
    nameRu: "Продукт не подошёл",
    nameEn: "Product fit, missing feature",
    keywords: [
      "функционал*",
      "интеграция",
      "интеграции",
      "не хватает",
      "не подошёл",
      "не подошла",
      "не подошел",
      "мобильного приложения",
      "коробочная версия",
      "складской учёт",
      "api",
      "on-premise",
      "missing feature*",
      "feature*",
    ],
  },
  {
    key: "trust",
    nameRu: "Доверие, отзывы",
    nameEn: "Trust, references",
    keywords: [
      "доверие",
      "доверяют",
      "не доверяет",
      "отзывы",
      "отзывов",
      "кейсы",
      "кейсов",
      "рекомендации",
      "репутация",
      "надёжность",
      "reference*",
      "trust*",
      "case stud*",
    ],
  },
  {
    key: "decision_maker",
    nameRu: "ЛПР",
    nameEn: "Decision-maker",
    keywords: [
      "лпр",
      "директор",
      "собственник",
      "руководство",
      "генеральный",
      "головной офис",
      "не согласовал",
      "не одобрил",
      "decision maker*",
    ],
  },
  {
    key: "terms",
    nameRu: "Сроки и условия",
    nameEn: "Delivery and terms",
    keywords: [
      "сроки",
      "сроками",
      "срок поставки",
      "поставка",
      "доставка",
      "условия оплаты",
      "предоплата",
      "отсрочка",
      "договор не",
      "delivery",
      "terms",
      "lead time",
    ],
  },
  {
    key: "service",
    nameRu: "Качество сервиса",
    nameEn: "Service quality",
    keywords: [
      "сервис",
      "поддержка",
      "техподдержка",
      "обслуживание",
      "долго отвечали",
      "хамство",
      "support",
      "service",
    ],
  },
  {
    key: "not_target",
    nameRu: "Нецелевой, дубль",
    nameEn: "Not a target, duplicate",
    keywords: [
      "не целевой",
      "нецелевой",
      "дубль",
      "тестовая сделка",
      "не наш клиент",
      "ошиблись номером",
      "клиент закрылся",
      "ликвидировано",
      "spam",
      "duplicate",
    ],
  },
];

/** Common CRM competitors in the Russian market, with the spellings managers use. */
export const BUILTIN_COMPETITORS: readonly LexiconCompetitor[] = [
  { name: "amoCRM", variants: ["amoCRM", "amo crm", "АмоЦРМ", "амо црм", "амо", "amo"] },
  { name: "Мегаплан", variants: ["Мегаплан", "megaplan"] },
  { name: "RetailCRM", variants: ["RetailCRM", "retail crm", "ритейл црм"] },
  {
    name: "1С:CRM",
    variants: ["1С:CRM", "1С CRM", "1C:CRM", "остаться на 1С", "остались на 1С", "уже стоит 1С"],
  },
  { name: "Salesforce", variants: ["Salesforce"] },
  { name: "HubSpot", variants: ["HubSpot"] },
  { name: "Pipedrive", variants: ["Pipedrive"] },
];
