const ru = {
  app: {
    name: "LossLens",
    tagline: "Аналитика проигранных сделок Битрикс24",
    pitch:
      "Отделы продаж изучают выигранные сделки и не смотрят на проигранные, хотя именно отказы говорят, где теряются деньги. LossLens показывает, на каких стадиях, у каких менеджеров и по каким причинам уходят сделки.",
  },
  home: {
    status: "Состояние системы",
    database: "База данных",
    migrations: "Миграции",
    deals: "Сделок загружено",
    portals: "Порталов подключено",
    noPortal: "Портал Битрикс24 ещё не подключён.",
    health: "Проверка состояния (JSON)",
  },
  db: { pglite: "встроенная PGlite", postgres: "PostgreSQL" },
  locale: { switchTo: "English" },
} as const;

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

const en: Shape<typeof ru> = {
  app: {
    name: "LossLens",
    tagline: "Lost-deal analytics for Bitrix24",
    pitch:
      "Sales teams study the deals they win and ignore the ones they lose, though refusals show where the money leaks. LossLens shows at which stages, with which managers and for which reasons deals are lost.",
  },
  home: {
    status: "System status",
    database: "Database",
    migrations: "Migrations",
    deals: "Deals synced",
    portals: "Portals connected",
    noPortal: "No Bitrix24 portal is connected yet.",
    health: "Health check (JSON)",
  },
  db: { pglite: "embedded PGlite", postgres: "PostgreSQL" },
  locale: { switchTo: "Русский" },
};

export const messages = { ru, en };
export type Messages = typeof ru;
