import type { ReactNode } from "react";
import type { ReportKind } from "@/lib/reports/registry";
import type { AnyLoadedReport } from "@/lib/reports/types";
import { ClientsReport } from "./clients-report";
import { ManagersReport } from "./managers-report";
import { OverviewReport } from "./overview-report";
import { ReasonsReport } from "./reasons-report";
import { StagesReport } from "./stages-report";
import { StrategiesReport } from "./strategies-report";
import type { ReportProps, ReportSlots } from "./types";

const VIEWS: { [K in ReportKind]: (props: ReportProps<K>) => ReactNode } = {
  overview: OverviewReport,
  stages: StagesReport,
  reasons: ReasonsReport,
  managers: ManagersReport,
  clients: ClientsReport,
  strategies: StrategiesReport,
};

function render<K extends ReportKind>(props: ReportProps<K>): ReactNode {
  const View: (props: ReportProps<K>) => ReactNode = VIEWS[props.kind];
  return View(props);
}

/** One loaded report, whichever it is — what report pages and public share pages both render. */
export function ReportContent({ report, ...slots }: { report: AnyLoadedReport } & ReportSlots) {
  return render({ ...report, ...slots });
}
