/**
 * The words of the content brief (lib/themes/brief.ts builds the Markdown, brief-docx.ts the Word document).
 * Figures arrive formatted (lib/format.ts); names arrive escaped for the format being written. Every theme has
 * its own content ideas, so no two themes of one brief share a suggestion line.
 */

/** What a theme's content ideas may name: its most-named competitors, the features clients missed, its top objection. */
export interface IdeaContext {
  theme: string;
  competitors: readonly string[];
  features: readonly string[];
  objection: string | null;
}

const list = (xs: readonly string[]) => xs.join(", ");

export const briefMessages = {
  ru: {
    title: "Контент-бриф",
    allTitle: "Контент-бриф по темам отказов",
    anonymous:
      "Бриф обезличен: менеджеры не названы, имена, телефоны, e-mail и ссылки клиентов в цитатах заменены.",
    numbers: "Цифры",
    deals: (deals: string, lost: string, share: string) =>
      `Проигранных сделок с этой темой: **${deals}** из ${lost} (${share})`,
    money: (money: string, share: string) => `Потеряно денег: **${money}** (${share} всех потерь)`,
    trend: (now: string, before: string, delta: string) =>
      `Сделок за период: ${now}; за предыдущий такой же период: ${before} (${delta})`,
    trendNew: (now: string) => `Сделок за период: ${now}; в предыдущем таком же периоде их не было`,
    byMonth: "По месяцам",
    lostAt: "Этапы, на которых теряем",
    reasons: "Причины отказа в этих сделках",
    unknownStage: "этап неизвестен",
    notSpecified: "не указана",
    clientsSay: "Что говорят клиенты",
    noQuotes: "Цитат пока нет.",
    objections: "Возражения словами клиентов",
    noObjections: "Повторяющихся возражений пока нет.",
    inComments: (n: string) => `в комментариях: ${n}`,
    competitors: "Какие конкуренты названы",
    competitorColumns: ["Конкурент", "Упоминаний", "Сделок", "Деньги"],
    content: "Какой контент сделать",
    placeholders: { name: "[имя]", phone: "[телефон]", email: "[e-mail]", link: "[ссылка]" },
    download: { markdown: "Бриф · Markdown", docx: "Бриф · Word" },
    ideas: {
      price: (_: IdeaContext) => [
        "Страница обоснования цены: из чего складывается стоимость и за сколько месяцев она окупается — на цифрах реального клиента",
        "Калькулятор совокупной стоимости владения на 1–3 года: лицензии, внедрение, поддержка — против «дешёвой» альтернативы",
        "Памятка продавцу на возражение «дорого»: сначала ценность, потом цена; пакеты вместо скидки",
      ],
      competitor: (c: IdeaContext) => [
        c.competitors[0]
          ? `Страница сравнения с ${c.competitors[0]}: функции, цена, внедрение и поддержка — честно, по пунктам`
          : "Страница сравнения с основными конкурентами: функции, цена, внедрение и поддержка",
        ...(c.competitors.length > 1
          ? [
              `Короткие таблицы сравнения и с другими названными конкурентами: ${list(c.competitors.slice(1))}`,
            ]
          : []),
        "Гид по переезду от конкурента: перенос данных, сроки, кто поможет",
      ],
      budget: (_: IdeaContext) => [
        "Предложение с рассрочкой, помесячной оплатой или лизингом — чтобы начать, не имея всего бюджета сразу",
        "Расчёт окупаемости (ROI) для защиты бюджета: шаблон, который клиент покажет финансовому директору",
        "Стартовый пакет с минимальным чеком и понятным путём роста",
      ],
      timing: (_: IdeaContext) => [
        "Цепочка прогревающих писем на 3–6 месяцев для «вернёмся позже»: кейсы, новости продукта, полезные материалы",
        "План напоминаний: дата следующего контакта в CRM и повод позвонить к началу нового бюджетного периода",
      ],
      no_response: (_: IdeaContext) => [
        "Регламент касаний после КП: 5–7 касаний за две недели в разных каналах — звонок, письмо, мессенджер",
        "Короткий питч в три предложения и одностраничное КП, которое удобно прочитать с телефона",
      ],
      product_fit: (c: IdeaContext) => [
        c.features.length
          ? `Страницы о том, чего не хватило клиентам (${list(c.features)}): что есть сейчас, обходные пути, сроки по дорожной карте`
          : "Публичная дорожная карта: какие функции появятся и когда",
        "Каталог интеграций и API с примерами подключения",
      ],
      trust: (_: IdeaContext) => [
        "Кейсы клиентов той же отрасли и того же размера — с цифрами результата",
        "Отзывы и рекомендации: клиенты, готовые поговорить с новым, видеоотзывы, рейтинги на площадках",
        "Страница гарантий: договор, безопасность данных, пробный период",
      ],
      decision_maker: (_: IdeaContext) => [
        "Одностраничник для руководителя: задача, результат, сроки и деньги на одном листе",
        "Презентация для ЛПР, которую контактное лицо само перешлёт наверх, и шаблон письма руководителю",
      ],
      terms: (_: IdeaContext) => [
        "FAQ по условиям: оплата и постоплата, доставка и сроки, договор и его изменения",
        "Типовой договор и варианты оплаты на сайте — чтобы условия были известны до переговоров",
      ],
      service: (_: IdeaContext) => [
        "Страница обязательств по сервису (SLA): время ответа, каналы поддержки, персональный менеджер",
        "Рассказ о внедрении и поддержке: как проходит запуск, кто отвечает, что делать, если что-то сломалось",
      ],
      not_target: (_: IdeaContext) => [
        "Критерии квалификации лида для продаж: кому мы подходим, а кому нет — отсекать на первом звонке",
        "Исправить таргетинг рекламы и тексты посадочных страниц, чтобы не приводить нецелевые заявки",
      ],
      other: (c: IdeaContext) => [
        c.objection
          ? `Материал, который снимает возражение «${c.objection}» (тема «${c.theme}»): статья или FAQ`
          : `Статья или FAQ по теме «${c.theme}» на основе цитат выше`,
        `Ответы на возражения по теме «${c.theme}» для отдела продаж`,
      ],
    },
  },
  en: {
    title: "Content brief",
    allTitle: "Content brief on loss themes",
    anonymous:
      "This brief is anonymous: no managers are named; clients' names, phones, e-mails and links in quotes are replaced.",
    numbers: "Numbers",
    deals: (deals: string, lost: string, share: string) =>
      `Lost deals with this theme: **${deals}** of ${lost} (${share})`,
    money: (money: string, share: string) => `Money lost: **${money}** (${share} of all losses)`,
    trend: (now: string, before: string, delta: string) =>
      `Deals this period: ${now}; in the previous period of the same length: ${before} (${delta})`,
    trendNew: (now: string) => `Deals this period: ${now}; none in the previous period of the same length`,
    byMonth: "By month",
    lostAt: "Stages where deals are lost",
    reasons: "Loss reasons recorded on these deals",
    unknownStage: "stage unknown",
    notSpecified: "not specified",
    clientsSay: "What clients say",
    noQuotes: "No quotes yet.",
    objections: "Objections in the customers' words",
    noObjections: "No recurring objections yet.",
    inComments: (n: string) => `in comments: ${n}`,
    competitors: "Competitors named",
    competitorColumns: ["Competitor", "Mentions", "Deals", "Money"],
    content: "Content to make",
    placeholders: { name: "[name]", phone: "[phone]", email: "[e-mail]", link: "[link]" },
    download: { markdown: "Brief · Markdown", docx: "Brief · Word" },
    ideas: {
      price: (_: IdeaContext) => [
        "A price-justification page: what the price is made of and how many months it takes to pay back, on a real client's numbers",
        "A total-cost-of-ownership calculator over 1–3 years: licences, onboarding, support — against the 'cheap' alternative",
        "A sales note on the 'too expensive' objection: value before price, packages instead of discounts",
      ],
      competitor: (c: IdeaContext) => [
        c.competitors[0]
          ? `A comparison page against ${c.competitors[0]}: features, price, onboarding and support, point by point`
          : "A comparison page against the main competitors: features, price, onboarding and support",
        ...(c.competitors.length > 1
          ? [`Short comparison tables against the other competitors named: ${list(c.competitors.slice(1))}`]
          : []),
        "A migration guide from a competitor: moving the data, timelines, who helps",
      ],
      budget: (_: IdeaContext) => [
        "An offer with instalments, monthly payments or leasing, to start without the whole budget at once",
        "An ROI calculation to defend the budget: a template the client shows their CFO",
        "A starter package with a small first invoice and a clear way to grow",
      ],
      timing: (_: IdeaContext) => [
        "A 3–6 month nurture e-mail sequence for 'come back later': case studies, product news, useful material",
        "A reminder plan: the next contact date in the CRM and a reason to call when the new budget period starts",
      ],
      no_response: (_: IdeaContext) => [
        "A follow-up cadence after the proposal: 5–7 touches over two weeks across channels — call, e-mail, messenger",
        "A three-sentence pitch and a one-page proposal that reads well on a phone",
      ],
      product_fit: (c: IdeaContext) => [
        c.features.length
          ? `Pages on what clients missed (${list(c.features)}): what exists now, workarounds, roadmap dates`
          : "A public roadmap: which features are coming and when",
        "An integrations and API catalogue with connection examples",
      ],
      trust: (_: IdeaContext) => [
        "Case studies from clients of the same industry and size, with result figures",
        "Reviews and references: clients willing to talk to a prospect, video testimonials, marketplace ratings",
        "A guarantees page: contract, data security, trial period",
      ],
      decision_maker: (_: IdeaContext) => [
        "An executive one-pager: the problem, the result, the timeline and the money on one sheet",
        "A deck for the decision-maker that the contact forwards upstairs, and an e-mail template to their boss",
      ],
      terms: (_: IdeaContext) => [
        "An FAQ on terms: payment and deferred payment, delivery and lead times, the contract and changes to it",
        "A standard contract and payment options on the website, so the terms are known before negotiation",
      ],
      service: (_: IdeaContext) => [
        "A service-level commitments page (SLA): response times, support channels, a dedicated manager",
        "A story of onboarding and support: how the launch goes, who is responsible, what happens when something breaks",
      ],
      not_target: (_: IdeaContext) => [
        "Lead qualification criteria for sales: who we fit and who we do not — filter on the first call",
        "Fix ad targeting and landing-page copy so they stop bringing leads outside the target",
      ],
      other: (c: IdeaContext) => [
        c.objection
          ? `Material that answers the objection "${c.objection}" (theme "${c.theme}"): an article or an FAQ`
          : `An article or FAQ on "${c.theme}" built from the quotes above`,
        `Answers to the objections of "${c.theme}" for the sales team`,
      ],
    },
  },
} as const;

export type BriefText = (typeof briefMessages)["ru" | "en"];
export type IdeaKey = keyof BriefText["ideas"];
