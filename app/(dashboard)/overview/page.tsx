import { asc, sql } from "drizzle-orm";
import type { Metadata } from "next";
import { connection } from "next/server";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb, queryRows } from "@/db";
import { portals } from "@/db/schema";
import { requireViewer, scopeFor } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Обзор · LossLens" };

/** Headline numbers until the full reports land; the manager scope is applied in the SQL. */
export default async function OverviewPage() {
  await connection();
  const viewer = await requireViewer("/overview");
  const t = await getTranslations("overview");
  const locale = await getLocale();
  const { db } = await getDb();
  const [portal] = await db.select().from(portals).orderBy(asc(portals.id)).limit(1);
  if (!portal) {
    return <p className="px-6 py-8 text-gray-600">{t("noPortal")}</p>;
  }
  const scope = scopeFor(viewer, portal.id);
  const managers =
    scope.managerIds === null
      ? sql`true`
      : sql`manager_id = any(${`{${scope.managerIds.join(",")}}`}::int[])`;
  const [row] = await queryRows<{ lost: number; won: number; lost_money: number }>(
    db,
    sql`select count(*) filter (where outcome = 'lost')::int as lost, count(*) filter (where outcome = 'won')::int as won,
          coalesce(sum(amount_base) filter (where outcome = 'lost'), 0)::float as lost_money
        from deal_facts where portal_id = ${portal.id} and ${managers}`,
  );
  const lost = row?.lost ?? 0;
  const won = row?.won ?? 0;
  const nf = new Intl.NumberFormat(locale === "ru" ? "ru-RU" : "en-GB", { maximumFractionDigits: 0 });
  const money = new Intl.NumberFormat(locale === "ru" ? "ru-RU" : "en-GB", {
    style: "currency",
    currency: portal.baseCurrency,
    maximumFractionDigits: 0,
  });
  const cards: [string, string][] = [
    [t("lost"), nf.format(lost)],
    [t("lostMoney"), money.format(row?.lost_money ?? 0)],
    [t("lossRate"), lost + won ? `${Math.round((lost / (lost + won)) * 100)}%` : "—"],
    [t("won"), nf.format(won)],
  ];
  return (
    <div className="px-6 py-8">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="mt-1 text-sm text-gray-500">
        {portal.domain} · {t("allTime")}
      </p>
      <dl className="mt-6 grid grid-cols-2 gap-4 md:grid-cols-4">
        {cards.map(([label, value]) => (
          <div key={label} className="rounded-lg border border-gray-200 bg-white p-5 shadow-sm">
            <dt className="text-sm text-gray-500">{label}</dt>
            <dd className="mt-2 text-2xl font-semibold">{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
