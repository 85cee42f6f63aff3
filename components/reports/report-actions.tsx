import Link from "next/link";
import type { Role } from "@/db/schema";
import { reportMessages } from "@/lib/i18n/sections/reports";
import { mayOpenReport, REPORT_KINDS, type ReportKind } from "@/lib/reports/registry";
import type { ReportView } from "@/lib/reports/types";
import { type ShareActions, ShareButton } from "./share-button";

/** Tabs to the other reports the role may open, under the same filters, and sharing. */
export function ReportActions(props: {
  kind: ReportKind;
  role: Role;
  query: string;
  view: Pick<ReportView, "locale">;
  share: ShareActions;
}) {
  const { kind, role, query } = props;
  const t = reportMessages[props.view.locale].nav;
  return (
    <>
      <nav aria-label="reports" className="flex flex-wrap gap-1 text-sm">
        {REPORT_KINDS.filter((k) => k !== kind && mayOpenReport(role, k)).map((k) => (
          <Link
            key={k}
            href={`/${k}${query ? `?${query}` : ""}`}
            className="rounded-md px-2 py-1 text-gray-600 hover:bg-gray-100 hover:text-gray-900"
          >
            {t[k]}
          </Link>
        ))}
      </nav>
      <ShareButton report={kind} query={query} locale={props.view.locale} actions={props.share} />
    </>
  );
}
