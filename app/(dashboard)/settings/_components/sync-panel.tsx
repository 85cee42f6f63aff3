"use client";

import { useEffect, useState, useTransition } from "react";
import { formatDateTime, formatInt, formatOffset, formatSeconds } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import type { SettingsText } from "@/lib/i18n/sections/settings";
import type { RunView, SyncStatus } from "@/lib/sync/status";
import { startSyncAction } from "../actions";

const ENTITIES = ["reference", "companies", "contacts", "deals", "stageHistory", "activities", "comments"];

function ProgressBars({ run, locale }: { run: RunView; locale: Locale }) {
  return (
    <ul className="mt-3 space-y-2">
      {ENTITIES.filter((e) => run.progress[e]).map((e) => {
        const p = run.progress[e]!;
        const pct = p.total ? Math.min(100, Math.round((p.rows / p.total) * 100)) : 100;
        return (
          <li key={e} className="text-xs">
            <div className="flex justify-between">
              <span>{e}</span>
              <span>
                {formatInt(p.rows, locale)}
                {p.total ? ` / ${formatInt(p.total, locale)}` : ""} · {p.pages}
              </span>
            </div>
            <div
              className="mt-1 h-2 rounded bg-gray-100"
              role="progressbar"
              aria-label={e}
              aria-valuenow={pct}
              aria-valuemin={0}
              aria-valuemax={100}
            >
              <div className="h-2 rounded bg-blue-500" style={{ width: `${pct}%` }} />
            </div>
          </li>
        );
      })}
      <li className="text-xs text-gray-500">
        {formatSeconds(run.durationMs, locale)} · {run.apiCalls} API
      </li>
    </ul>
  );
}

/** The header of the Settings tables: one row of column names. */
function HeaderRow({ labels }: { labels: string[] }) {
  return (
    <thead className="text-gray-500">
      <tr>
        {labels.map((h) => (
          <th key={h} className="py-1 pr-3 font-medium">
            {h}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** Known words in the reader's language; an unknown value (a newer server) is shown as it is. */
function label(words: Record<string, string>, key: string): string {
  return words[key] ?? key;
}

export function SyncPanel({
  portalId,
  offset,
  initial,
  t,
  locale,
}: {
  portalId: number;
  offset: string;
  initial: SyncStatus;
  t: SettingsText;
  locale: Locale;
}) {
  const [status, setStatus] = useState(initial);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const active = status.running || status.runs[0]?.status === "running";

  useEffect(() => {
    if (!active) return;
    const timer = setInterval(async () => {
      const res = await fetch(`/api/sync/status?portal=${portalId}`, { cache: "no-store" });
      if (res.ok) setStatus((await res.json()) as SyncStatus);
    }, 1500);
    return () => clearInterval(timer);
  }, [active, portalId]);

  const start = (full: boolean) =>
    startTransition(async () => {
      const res = await startSyncAction({ portalId, full });
      setMessage(res.ok ? (res.data.started ? t.started : t.alreadyRunning) : res.message);
      setStatus((s) => ({ ...s, running: true }));
    });

  // Formatted with an explicit locale and the portal's offset, so server and browser render the same text.
  const at = (iso: string) => formatDateTime(iso, locale, offset);
  return (
    <section className="rounded-lg border border-gray-200 bg-white p-6 shadow-sm" aria-label={t.syncTitle}>
      <div className="flex flex-wrap items-center gap-3">
        <h3 className="mr-auto text-lg font-medium">{t.syncTitle}</h3>
        <button
          type="button"
          onClick={() => start(false)}
          disabled={pending || active}
          className="rounded bg-blue-600 px-4 py-2 text-sm font-medium text-white disabled:opacity-60"
        >
          {t.syncNow}
        </button>
        <button
          type="button"
          onClick={() => start(true)}
          disabled={pending || active}
          className="rounded border border-gray-300 px-4 py-2 text-sm disabled:opacity-60"
        >
          {t.fullSync}
        </button>
      </div>
      {message && (
        <p role="status" className="mt-2 text-sm text-gray-600">
          {message}
        </p>
      )}
      {active && status.runs[0] && (
        <div className="mt-3">
          <p className="text-sm text-blue-700">{t.running}</p>
          <ProgressBars run={status.runs[0]} locale={locale} />
        </div>
      )}
      <h4 className="mt-6 text-sm font-medium">
        {t.history}{" "}
        <span className="font-normal text-gray-500">
          ({t.timesIn}: {formatOffset(offset)})
        </span>
      </h4>
      {status.runs.length === 0 ? (
        <p className="mt-2 text-sm text-gray-500">{t.noRuns}</p>
      ) : (
        <div className="mt-2 overflow-x-auto">
          <table className="w-full text-left text-xs">
            <HeaderRow
              labels={[
                t.colStarted,
                t.colKind,
                t.colStatus,
                t.colDuration,
                t.colRows,
                t.colCalls,
                t.colQuarantined,
                t.colError,
              ]}
            />
            <tbody>
              {status.runs.map((r) => (
                <tr key={r.id} className="border-t border-gray-100">
                  <td className="py-1 pr-3">{at(r.startedAt)}</td>
                  <td className="py-1 pr-3">
                    {label(t.runKind, r.kind)} · {label(t.runTrigger, r.trigger)}
                  </td>
                  <td className="py-1 pr-3">{label(t.runStatus, r.status)}</td>
                  <td className="py-1 pr-3">{formatSeconds(r.durationMs, locale)}</td>
                  <td className="py-1 pr-3">
                    {formatInt(
                      Object.values(r.progress).reduce((a, p) => a + p.rows, 0),
                      locale,
                    )}
                  </td>
                  <td className="py-1 pr-3">{r.apiCalls}</td>
                  <td className="py-1 pr-3">{r.quarantined}</td>
                  <td className="py-1 pr-3 text-red-700">
                    {r.errorCode ? `${r.errorCode}: ${r.errorMessage ?? ""}` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {status.failures.length > 0 && (
        <div className="mt-6">
          <h4 className="text-sm font-medium">{t.jobFailures}</h4>
          <p className="mt-1 text-xs text-gray-500">{t.jobFailuresHelp}</p>
          <div className="mt-2 overflow-x-auto">
            <table className="w-full text-left text-xs">
              <HeaderRow labels={[t.colStarted, t.colKind, t.colAttempts, t.colNextRetry, t.colError]} />
              <tbody>
                {status.failures.map((f) => (
                  <tr key={f.id} className="border-t border-gray-100">
                    <td className="py-1 pr-3">{at(f.failedAt)}</td>
                    <td className="py-1 pr-3">
                      {f.kind === "deal_refresh" ? t.jobDealRefresh : t.jobFactsRebuild}
                      {f.subject ? ` #${f.subject}` : ""}
                    </td>
                    <td className="py-1 pr-3">{f.attempts}</td>
                    <td className="py-1 pr-3">
                      {f.dead ? t.jobDead : f.nextRetryAt ? at(f.nextRetryAt) : ""}
                    </td>
                    <td className="py-1 pr-3 text-red-700">{f.error}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}
