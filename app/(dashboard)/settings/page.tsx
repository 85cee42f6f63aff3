import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db";
import { requireRole } from "@/lib/auth/guards";
import { toLocale } from "@/lib/i18n/config";
import { reasonsAdminMessages } from "@/lib/i18n/sections/reasons-admin";
import { settingsMessages } from "@/lib/i18n/sections/settings";
import { getPortalViews } from "@/lib/settings";
import { getSyncStatus } from "@/lib/sync/status";
import { ConnectForm } from "./_components/connect-form";
import { OAuthConnectForm } from "./_components/oauth-connect-form";
import { PortalSettingsForm } from "./_components/portal-settings-form";
import { ReplicaPanel } from "./_components/replica-panel";
import { SyncPanel } from "./_components/sync-panel";

export const metadata: Metadata = { title: "Настройки · LossLens" };

export default async function SettingsPage() {
  await connection();
  await requireRole(["admin"]);
  const locale = toLocale(await getLocale());
  const t = settingsMessages[locale];
  const handle = await getDb();
  const { db } = handle;
  const portals = await getPortalViews(db);
  const statuses = await Promise.all(portals.map((p) => getSyncStatus(handle, p.id)));
  return (
    <div className="mx-auto max-w-5xl space-y-8 px-6 py-8">
      <h1 className="text-2xl font-semibold">{t.title}</h1>
      {portals.map((portal, i) => (
        <section key={portal.id} aria-label={`${t.portal} ${portal.domain}`} className="space-y-6">
          <div className="rounded-lg border border-gray-200 bg-white p-6 shadow-sm">
            <h2 className="text-lg font-medium">
              {t.portal}: {portal.domain}{" "}
              {portal.isDemo && (
                <span className="ml-2 rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-800">{t.demo}</span>
              )}
            </h2>
            <p className="mt-1 text-sm text-gray-500">
              {t.secret}: <code>{portal.credentialsHint}</code>
            </p>
            <PortalSettingsForm portal={portal} t={t} />
            <p className="mt-4 text-sm">
              <Link href="/settings/reasons" className="font-medium text-blue-700 hover:underline">
                {reasonsAdminMessages[locale].link} →
              </Link>{" "}
              <span className="text-gray-500">{reasonsAdminMessages[locale].linkHelp}</span>
            </p>
          </div>
          <SyncPanel
            portalId={portal.id}
            offset={portal.offset}
            initial={statuses[i]!}
            t={t}
            locale={locale}
          />
        </section>
      ))}
      {handle.replicas && <ReplicaPanel report={handle.replicas.report()} locale={locale} />}
      <ConnectForm t={t} locale={locale} />
      <OAuthConnectForm t={t} />
    </div>
  );
}
