import { Section } from "@/components/ui/section";
import { captureMessages } from "@/lib/i18n/sections/capture";
import type { ReportData } from "@/lib/reports/registry";
import { captureTable } from "@/lib/reports/tables/capture";
import type { ReportLinks, ReportView } from "@/lib/reports/types";
import { tableCsv } from "./report-frame";
import { ReportTable } from "./report-table";

/** Loss capture quality per manager (lib/analytics/capture.ts): the figure and its four parts, each a drill-down. */
export function CaptureSection({
  data,
  links,
  view,
}: {
  data: ReportData<"managers">;
  links: ReportLinks;
  view: ReportView;
}) {
  const t = captureMessages[view.locale];
  return (
    <Section id="capture" title={t.title} hint={t.help} actions={tableCsv(links, "capture", view.locale)}>
      <ReportTable
        caption={t.title}
        table={captureTable(data, view.locale)}
        links={links}
        view={view}
        compact
      />
    </Section>
  );
}
