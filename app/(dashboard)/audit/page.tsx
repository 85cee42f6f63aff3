import type { Metadata } from "next";
import { connection } from "next/server";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db";
import { listAudit } from "@/lib/auth/audit";
import { requireRole } from "@/lib/auth/guards";
import { formatDateTime, formatOffset } from "@/lib/format";
import { toLocale } from "@/lib/i18n/config";
import { loadSeat } from "@/lib/reports/load";

export const metadata: Metadata = { title: "Журнал · LossLens" };

const LIMIT = 200;

/** Details are shown as compact JSON text (React escapes it), cut to keep rows one or two lines long. */
function describeDetails(details: Record<string, unknown>): string {
  const text = Object.keys(details).length ? JSON.stringify(details) : "";
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

export default async function AuditPage() {
  await connection();
  const viewer = await requireRole(["admin"], "/audit");
  const t = await getTranslations("audit");
  const locale = toLocale(await getLocale());
  const { db } = await getDb();
  // Times in the portal's clock, like every other page; "+03:00" before any portal is connected.
  const offset = (await loadSeat(viewer, locale))?.portal.offset ?? "+03:00";
  const rows = await listAudit(db, LIMIT);
  const actionLabel = (action: string) => {
    const key = `actions.${action.replace(/\./g, "_")}`;
    return t.has(key) ? t(key) : action;
  };
  return (
    <div className="mx-auto max-w-6xl px-6 py-8">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="mt-1 text-sm text-gray-500">
        {t("subtitle")} · {t("timesIn")}: {formatOffset(offset)}
      </p>
      {rows.length === 0 ? (
        <p className="mt-6 rounded-lg border border-dashed border-gray-300 bg-white p-8 text-center text-gray-500">
          {t("empty")}
        </p>
      ) : (
        <div className="mt-6 overflow-x-auto rounded-lg border border-gray-200 bg-white shadow-sm">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-gray-200 bg-gray-50 text-xs uppercase tracking-wide text-gray-500">
              <tr>
                <th className="px-4 py-3 font-medium">{t("at")}</th>
                <th className="px-4 py-3 font-medium">{t("actor")}</th>
                <th className="px-4 py-3 font-medium">{t("action")}</th>
                <th className="px-4 py-3 font-medium">{t("target")}</th>
                <th className="px-4 py-3 font-medium">{t("ip")}</th>
                <th className="px-4 py-3 font-medium">{t("details")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {rows.map((r) => (
                <tr
                  key={r.id}
                  className={
                    r.action.endsWith("failed") || r.action.endsWith("rate_limited")
                      ? "bg-red-50/50"
                      : undefined
                  }
                >
                  <td className="whitespace-nowrap px-4 py-2 text-gray-600">
                    {formatDateTime(r.at.toISOString(), locale, offset)}
                  </td>
                  <td className="px-4 py-2">
                    {r.actorEmail ?? <span className="text-gray-400">{t("system")}</span>}
                  </td>
                  <td className="px-4 py-2">
                    <span title={r.action}>{actionLabel(r.action)}</span>
                  </td>
                  <td className="max-w-56 truncate px-4 py-2" title={r.target ?? undefined}>
                    {r.target ?? "—"}
                  </td>
                  <td className="whitespace-nowrap px-4 py-2 text-gray-500">{r.ip ?? "—"}</td>
                  <td className="max-w-80 break-all px-4 py-2 font-mono text-xs text-gray-500">
                    {describeDetails(r.details)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
