/**
 * The words of the Markdown content brief (lib/themes/brief.ts builds its structure). Figures arrive formatted
 * (lib/format.ts); competitor names arrive Markdown-escaped.
 */
export const briefMessages = {
  ru: {
    title: "Контент-бриф",
    why: "Почему это важно",
    deals: (deals: string, lost: string, share: string) =>
      `Проигранных сделок с этой темой в комментарии: **${deals}** из ${lost} (${share})`,
    money: (money: string, share: string) => `Потеряно денег: **${money}** (${share} всех потерь)`,
    byMonth: "По месяцам",
    lostAt: "Где теряем",
    unknownStage: "неизвестно",
    managers: "У кого",
    clientsSay: "Что говорят клиенты",
    noQuotes: "_Цитат пока нет._",
    competitors: "Сравнение с конкурентами",
    competitorColumns: ["Конкурент", "Упоминаний", "Сделок", "Деньги"],
    content: "Какой контент сделать",
    /** Content ideas per theme key; `other` for themes with no ideas of their own. */
    ideas: {
      price: [
        "Страница обоснования цены: из чего складывается стоимость, окупаемость на примере клиента",
        "Калькулятор выгоды и сравнение тарифов",
        "Кейс «дороже, но окупилось за N месяцев»",
      ],
      competitor: (top: string | null) => [
        top
          ? `Страница сравнения с ${top}: функции, цена, внедрение, поддержка`
          : "Страница сравнения с конкурентами",
        "Гид по переезду от конкурента",
      ],
      budget: ["Тариф для старта и оплата частями", "Статья «как обосновать бюджет перед руководством»"],
      product_fit: ["Страницы интеграций и дорожной карты", "Ответы на частые вопросы о функциях"],
      trust: ["Кейсы и отзывы клиентов из той же отрасли"],
      other: ["Разобрать цитаты с отделом продаж и выбрать формат: статья, FAQ или скрипт"],
    },
  },
  en: {
    title: "Content brief",
    why: "Why it matters",
    deals: (deals: string, lost: string, share: string) =>
      `Lost deals whose comment names this theme: **${deals}** of ${lost} (${share})`,
    money: (money: string, share: string) => `Money lost: **${money}** (${share} of all losses)`,
    byMonth: "By month",
    lostAt: "Lost at",
    unknownStage: "unknown",
    managers: "Managers",
    clientsSay: "What clients say",
    noQuotes: "_No quotes yet._",
    competitors: "Competitor comparison",
    competitorColumns: ["Competitor", "Mentions", "Deals", "Money"],
    content: "Content to make",
    ideas: {
      price: [
        "A price-justification page: what the price buys, payback on a client's example",
        "A savings calculator and a plan comparison",
        "A case study: pricier, but paid back in N months",
      ],
      competitor: (top: string | null) => [
        top
          ? `A comparison page against ${top}: features, price, onboarding, support`
          : "A competitor comparison page",
        "A migration guide from a competitor",
      ],
      budget: ["A starter plan and instalments", "An article: how to justify the budget to management"],
      product_fit: ["Integration and roadmap pages", "A feature FAQ"],
      trust: ["Case studies and reviews from the same industry"],
      other: ["Review the quotes with sales and pick a format: article, FAQ or script"],
    },
  },
} as const;
