"use client";

import { useEffect, useState, useTransition } from "react";
import { formatDateTime, formatInt, formatOffset, formatSeconds } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import type { SettingsText } from "@/lib/i18n/sections/settings";
import type { RunView, SyncStatus } from "@/lib/sync/status";
import { startSyncAction } from "../actions";
import { JobsPanel } from "./jobs-panel";
import { RunHistory } from "./sync-history";

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

/** The panel's title and its two buttons: an incremental sync and a full one. */
function SyncHeader({
  t,
  disabled,
  onStart,
}: {
  t: SettingsText;
  disabled: boolean;
  onStart: (full: boolean) => void;
}) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <h3 className="mr-auto text-lg font-medium">{t.syncTitle}</h3>
      <button
        type="button"
        onClick={() => onStart(false)}
        disabled={disabled}
        className="rounded bg-blue-600 px-4 py-2 text-sm font-medium text-white disabled:opacity-60"
      >
        {t.syncNow}
      </button>
      <button
        type="button"
        onClick={() => onStart(true)}
        disabled={disabled}
        className="rounded border border-gray-300 px-4 py-2 text-sm disabled:opacity-60"
      >
        {t.fullSync}
      </button>
    </div>
  );
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
  // Poll while anything of this portal is queued, running or waiting for a retry.
  const busy =
    active || status.jobs.counts.queued + status.jobs.counts.running + status.jobs.counts.retrying > 0;

  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(async () => {
      const res = await fetch(`/api/sync/status?portal=${portalId}`, { cache: "no-store" });
      if (res.ok) setStatus((await res.json()) as SyncStatus);
    }, 1500);
    return () => clearInterval(timer);
  }, [busy, portalId]);

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
      <SyncHeader t={t} disabled={pending || active} onStart={start} />
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
        <RunHistory runs={status.runs} t={t} locale={locale} at={at} />
      )}
      <JobsPanel portalId={portalId} jobs={status.jobs} t={t} at={at} />
    </section>
  );
}
