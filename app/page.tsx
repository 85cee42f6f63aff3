import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { getDb } from "@/db";
import { getViewer } from "@/lib/auth/guards";
import { getHealth, getPublicHealth } from "@/lib/health";

export default async function HomePage() {
  const t = await getTranslations();
  return (
    <main className="mx-auto max-w-3xl px-6 py-16">
      <div className="flex items-start justify-between gap-4">
        <h1 className="text-4xl font-semibold tracking-tight">{t("app.name")}</h1>
        <Suspense fallback={null}>
          <AccountLink />
        </Suspense>
      </div>
      <p className="mt-2 text-lg text-gray-600">{t("app.tagline")}</p>
      <p className="mt-6 leading-relaxed">{t("app.pitch")}</p>
      <Suspense fallback={<p className="mt-10 text-gray-500">…</p>}>
        <SystemStatus />
      </Suspense>
    </main>
  );
}

/** Public page: signed out → "Войти"; signed in → straight to the dashboard. */
async function AccountLink() {
  await connection();
  const t = await getTranslations();
  const viewer = await getViewer();
  return (
    <a
      href={viewer ? "/overview" : "/login"}
      className="mt-2 rounded-md bg-blue-600 px-4 py-2 text-sm font-medium text-white hover:bg-blue-700"
    >
      {viewer ? t("nav.overview") : t("auth.signIn")}
    </a>
  );
}

/** Anyone sees that the system is up and its schema version; only an admin sees what the database holds. */
async function SystemStatus() {
  await connection();
  const t = await getTranslations();
  const handle = await getDb();
  const admin = (await getViewer())?.role === "admin";
  const health = admin ? await getHealth(handle) : null;
  const { migrations } = health ?? (await getPublicHealth(handle));
  const rows: [string, string][] = [
    [t("home.database"), health ? t(`db.${health.db}`) : t("home.up")],
    [t("home.migrations"), `${migrations.applied} · ${migrations.latest ?? "—"}`],
    ...(health
      ? ([
          [t("home.portals"), String(health.counts.portals)],
          [t("home.deals"), String(health.counts.deals)],
        ] as [string, string][])
      : []),
  ];
  return (
    <section
      aria-labelledby="status-heading"
      className="mt-10 rounded-lg border border-gray-200 bg-white p-6 shadow-sm"
    >
      <h2 id="status-heading" className="text-lg font-medium">
        {t("home.status")}
      </h2>
      <dl className="mt-4 grid grid-cols-2 gap-y-2 text-sm">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-gray-500">{label}</dt>
            <dd className="font-medium">{value}</dd>
          </div>
        ))}
      </dl>
      {health?.counts.portals === 0 && <p className="mt-4 text-sm text-amber-700">{t("home.noPortal")}</p>}
      <a className="mt-4 inline-block text-sm text-blue-700 underline" href="/api/health">
        {t("home.health")}
      </a>
    </section>
  );
}
