import { Section } from "@/components/ui/section";
import { reportMessages } from "@/lib/i18n/sections/reports";
import { managersTable } from "@/lib/reports/tables/managers";
import { CaptureSection } from "./capture-section";
import { ReportFrame, tableCsv } from "./report-frame";
import { ReportTable } from "./report-table";
import type { ReportProps } from "./types";

/** Managers ranked by loss rate, with the team median and the whole team under them; then their loss capture. */
export function ManagersReport({ data, previous, links, view, filterBar, actions }: ReportProps<"managers">) {
  const t = reportMessages[view.locale].managers;
  return (
    <ReportFrame ctx={view} title={t.title} help={t.help} filterBar={filterBar} actions={actions}>
      <Section title={t.title} hint={t.help} actions={tableCsv(links, "managers", view.locale)}>
        <ReportTable
          caption={t.title}
          table={managersTable(data, previous, view.locale)}
          links={links}
          view={view}
          compact
        />
      </Section>
      <CaptureSection data={data} links={links} view={view} />
    </ReportFrame>
  );
}
