"use client";

import { useState, useTransition } from "react";
import type { SettingsText } from "@/lib/i18n/sections/settings";
import type { JobsStatus } from "@/lib/jobs/status";
import { retryDeadJobAction } from "../actions";
import { HeaderRow } from "./sync-history";

const cell = "py-1 pr-3";

/** Known words in the reader's language; an unknown value (a newer server) is shown as it is. */
const word = (words: Record<string, string>, key: string) => words[key] ?? key;

/** "Sync · changes", "Deal refresh #7": the queue's name and what the job is about, in the reader's language. */
const jobName = (t: SettingsText, queue: string, subject: string | null) =>
  `${word(t.jobQueue, queue)}${subject ? ` ${queue === "sync" ? `· ${word(t.runKind, subject)}` : subject}` : ""}`;

function Counts({ jobs, t }: { jobs: JobsStatus; t: SettingsText }) {
  return (
    <ul className="mt-2 flex flex-wrap gap-2 text-xs">
      {(["queued", "running", "retrying", "failed"] as const).map((k) => (
        <li
          key={k}
          className={`rounded px-2 py-0.5 ${jobs.counts[k] ? "bg-blue-50 text-blue-800" : "bg-gray-100 text-gray-600"}`}
        >
          {word(t.jobCounts, k)}: <span className="font-medium">{jobs.counts[k]}</span>
        </li>
      ))}
    </ul>
  );
}

function RecentJobs({ jobs, t, at }: Omit<PanelProps, "portalId">) {
  if (jobs.recent.length === 0) return <p className="mt-2 text-xs text-gray-500">{t.noJobs}</p>;
  return (
    <div className="mt-2 overflow-x-auto">
      <table className="w-full text-left text-xs">
        <HeaderRow labels={[t.colStarted, t.colJob, t.colState, t.colRetries, t.colError]} />
        <tbody>
          {jobs.recent.map((j) => (
            <tr key={j.id} className="border-t border-gray-100">
              <td className={cell}>{at(j.startedAt ?? j.createdAt)}</td>
              <td className={cell}>{jobName(t, j.queue, j.subject)}</td>
              <td className={cell}>
                {word(t.jobState, j.state)}
                {j.state === "retry" ? ` · ${at(j.startAfter)}` : ""}
              </td>
              <td className={cell}>{j.retries}</td>
              <td className={`${cell} break-all text-red-700`}>{j.error ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface PanelProps {
  portalId: number;
  jobs: JobsStatus;
  t: SettingsText;
  /** Formats an instant in the portal's clock. */
  at: (iso: string) => string;
}

/** Jobs that used up their tries, each with a button that sends it again (once). */
function DeadLetters({ portalId, jobs, t, at }: PanelProps) {
  const [message, setMessage] = useState<string | null>(null);
  const [sent, setSent] = useState<Set<string>>(new Set());
  const [pending, startTransition] = useTransition();
  const retry = (jobId: string) =>
    startTransition(async () => {
      const res = await retryDeadJobAction({ portalId, jobId });
      setMessage(res.ok ? t.retrySent : res.message);
      if (res.ok) setSent((s) => new Set(s).add(jobId));
    });
  return (
    <>
      <h5 className="mt-4 text-xs font-medium">{t.deadTitle}</h5>
      {jobs.dead.length === 0 ? (
        <p className="mt-1 text-xs text-gray-500">{t.deadNone}</p>
      ) : (
        <ul className="mt-1 space-y-1 text-xs">
          {jobs.dead.map((d) => (
            <li key={d.id} className="flex flex-wrap items-center gap-2 border-t border-gray-100 py-1">
              <span>{at(d.deadAt)}</span>
              <span>{jobName(t, d.queue, d.subject)}</span>
              <span className="break-all text-red-700">{d.error ?? ""}</span>
              <button
                type="button"
                className="ml-auto rounded border border-gray-300 px-2 py-0.5 disabled:opacity-60"
                disabled={pending || sent.has(d.id)}
                onClick={() => retry(d.id)}
              >
                {t.retryDead}
              </button>
            </li>
          ))}
        </ul>
      )}
      {message && (
        <p role="status" className="mt-2 text-xs text-gray-600">
          {message}
        </p>
      )}
    </>
  );
}

/**
 * The portal's background jobs on the queue: counts by state, the latest jobs, and the dead letters (jobs that
 * used up their tries) with a button that sends one again.
 */
export function JobsPanel({ portalId, jobs, t, at }: PanelProps) {
  return (
    <section className="mt-6" aria-label={t.jobsTitle}>
      <h4 className="text-sm font-medium">{t.jobsTitle}</h4>
      <p className="mt-1 text-xs text-gray-500">{t.jobsHelp}</p>
      <Counts jobs={jobs} t={t} />
      <RecentJobs jobs={jobs} t={t} at={at} />
      <DeadLetters portalId={portalId} jobs={jobs} t={t} at={at} />
    </section>
  );
}
