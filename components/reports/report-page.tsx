import type { Role } from "@/db/schema";
import type { Locale } from "@/lib/i18n/config";
import { reportMessages } from "@/lib/i18n/sections/reports";
import type { ReportKind } from "@/lib/reports/registry";
import type { AnyLoadedReport, LoadedReport } from "@/lib/reports/types";
import { ReportActions } from "./report-actions";
import { ReportContent } from "./report-content";
import type { ShareActions } from "./share-button";
import type { ReportSlots } from "./types";

/**
 * The signed-in page of one report as `loadReport` read it: the filter bar (built by the page), the tabs to the
 * other reports and sharing, then the report itself; a notice instead when no portal is connected yet.
 */
export function ReportPage<K extends ReportKind>(props: {
  result:
    | { status: "ok"; report: LoadedReport<K>; query: string; viewer: { role: Role } }
    | { status: "no_portal"; locale: Locale };
  filterBar: ReportSlots["filterBar"];
  share: ShareActions;
}) {
  const { result } = props;
  if (result.status !== "ok") {
    const t = reportMessages[result.locale].frame;
    return <p className="mx-auto max-w-3xl px-6 py-10 text-gray-600">{t.noPortal}</p>;
  }
  const { report } = result;
  return (
    <ReportContent
      report={report as AnyLoadedReport}
      filterBar={props.filterBar}
      actions={
        <ReportActions
          kind={report.kind}
          role={result.viewer.role}
          query={result.query}
          view={report.view}
          share={props.share}
        />
      }
    />
  );
}
