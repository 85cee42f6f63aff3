import { formatInt } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import { replicasMessages } from "@/lib/i18n/sections/replicas";
import type { ReplicaReport } from "@/lib/replicas/set";
import { HeaderRow } from "./sync-history";

const STATE_STYLE: Record<string, string> = {
  healthy: "bg-green-100 text-green-800",
  lagging: "bg-amber-100 text-amber-800",
  down: "bg-red-100 text-red-800",
  unknown: "bg-gray-100 text-gray-700",
};

/** Settings: each read replica's state and measured lag, and whether reports read from it (admins only). */
export function ReplicaPanel({ report, locale }: { report: ReplicaReport; locale: Locale }) {
  const t = replicasMessages[locale];
  const reading = new Set(report.readsTo);
  const cols = [t.colReplica, t.colState, t.colLagMs, t.colLagBytes, t.colReads];
  return (
    <section
      aria-label={t.title}
      className="rounded-lg border border-gray-200 bg-white p-6 shadow-sm"
      data-testid="replica-panel"
    >
      <h2 className="text-lg font-medium">{t.title}</h2>
      <p className="mt-1 text-sm text-gray-500">{t.help}</p>
      <p className="mt-2 text-sm text-gray-600">
        {t.bound}: {formatInt(report.maxLagMs, locale)} {t.ms} · {t.checkEvery}{" "}
        {formatInt(report.checkMs, locale)} {t.ms}
      </p>
      <p className="mt-2 text-sm font-medium" role="status">
        {reading.size ? `${t.readsReplicas}: ${report.readsTo.join(", ")}` : t.readsPrimary}
      </p>
      <div className="mt-3 overflow-x-auto">
        <table className="w-full text-left text-sm">
          <HeaderRow labels={cols} />
          <tbody>
            {report.replicas.map((r) => (
              <tr key={r.name} className="border-t border-gray-100">
                <td className="py-1 pr-3 font-mono text-xs">{r.name}</td>
                <td className="py-1 pr-3">
                  <span className={`rounded px-2 py-0.5 text-xs ${STATE_STYLE[r.state] ?? ""}`}>
                    {t.states[r.state] ?? r.state}
                  </span>
                  {r.error && <span className="ml-2 font-mono text-xs text-gray-500">{r.error}</span>}
                </td>
                <td className="py-1 pr-3 tabular-nums">{formatInt(r.lagMs, locale)}</td>
                <td className="py-1 pr-3 tabular-nums">{formatInt(r.lagBytes, locale)}</td>
                <td className="py-1 pr-3">{reading.has(r.name) ? t.readsHere : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
