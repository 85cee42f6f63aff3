import { formatInt, formatSeconds } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import type { SettingsText } from "@/lib/i18n/sections/settings";
import type { SyncStatus } from "@/lib/sync/status";

/** The header of the Settings tables: one row of column names. */
export function HeaderRow({ labels }: { labels: string[] }) {
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

/** Past syncs, newest first; `at` formats a time in the portal's offset. */
export function RunHistory({
  runs,
  t,
  locale,
  at,
}: {
  runs: SyncStatus["runs"];
  t: SettingsText;
  locale: Locale;
  at: (iso: string) => string;
}) {
  return (
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
          {runs.map((r) => (
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
  );
}
