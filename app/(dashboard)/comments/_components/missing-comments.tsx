import { getMissingComments } from "@/lib/comments/missing";
import { formatInt } from "@/lib/format";
import type { CommentsText } from "@/lib/i18n/sections/comments";
import type { ReportContext } from "@/lib/reports/context";
import { managerLostHref } from "@/lib/url-state/deals";

/** Lost deals in view with no comment, per manager (the team rule: every lost deal gets one). */
export async function MissingComments({ ctx, t }: { ctx: ReportContext; t: CommentsText }) {
  const m = await getMissingComments(ctx.db, ctx.scope, ctx.filters);
  const n = (x: number) => formatInt(x, ctx.locale);
  const rows = m.managers.filter((r) => r.missing > 0);
  return (
    <aside
      aria-labelledby="missing-title"
      className="h-fit rounded-lg border border-gray-200 bg-white p-4 shadow-sm"
    >
      <h2 id="missing-title" className="font-medium">
        {t.missingTitle}
      </h2>
      <p className="mt-1 text-xs text-gray-500">{t.missingHelp}</p>
      {rows.length === 0 ? (
        <p className="mt-3 text-sm text-gray-600">{t.missingNone}</p>
      ) : (
        <>
          <p className="mt-3 text-sm">
            <strong>{n(m.missing)}</strong> {t.missingOf} {n(m.lost)}
          </p>
          <ul className="mt-3 space-y-3">
            {rows.map((r) => (
              <li key={String(r.managerId)} className="text-sm">
                <div className="flex justify-between gap-2">
                  <a
                    href={managerLostHref(ctx.filters, r.managerId)}
                    className="truncate text-blue-700 hover:underline"
                  >
                    {r.managerName ?? t.noManager}
                  </a>
                  <span className="shrink-0 tabular-nums text-gray-600">
                    {r.missing} / {r.lost}
                  </span>
                </div>
                <div className="mt-1 h-1.5 rounded bg-gray-100">
                  <div
                    className="h-1.5 rounded bg-red-400"
                    style={{ width: `${Math.round(r.share * 100)}%` }}
                  />
                </div>
                <ul className="mt-1 space-y-0.5 text-xs">
                  {r.deals.map((d) => (
                    <li key={d.dealId} className="truncate">
                      <a
                        href={d.bitrixUrl}
                        target="_blank"
                        rel="noopener noreferrer"
                        className="text-gray-600 hover:underline"
                      >
                        #{d.dealId} {d.title}
                      </a>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
