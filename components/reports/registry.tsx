import { ClientsReport } from "./clients-report";
import { ManagersReport } from "./managers-report";
import { OverviewReport } from "./overview-report";
import { ReasonsReport } from "./reasons-report";
import { StagesReport } from "./stages-report";
import { StrategiesReport } from "./strategies-report";
import type { ReportKind, ReportProps, ReportSlots } from "./types";

const VIEWS: Record<ReportKind, (props: ReportProps & ReportSlots) => Promise<React.ReactNode>> = {
  overview: OverviewReport,
  stages: StagesReport,
  reasons: ReasonsReport,
  managers: ManagersReport,
  clients: ClientsReport,
  strategies: StrategiesReport,
};

/** One report by kind — what report pages and public share pages both render. */
export async function ReportView({ kind, ...props }: { kind: ReportKind } & ReportProps & ReportSlots) {
  const View = VIEWS[kind];
  return View(props);
}
