import type { Option } from "@/components/filters/fields";
import { FilterBar } from "@/components/filters/filter-bar";
import { reportMessages } from "@/lib/i18n/sections/reports";
import type { ReportContext } from "@/lib/reports/context";
import { reportNow } from "@/lib/reports/portal";
import { filterFormValues } from "@/lib/url-state/filter-form";
import { REASON_NONE, STAGE_UNKNOWN } from "@/lib/url-state/filters";
import { PERIOD_PRESETS } from "@/lib/url-state/period";

const options = (dict: Record<string, string> | undefined): Option[] =>
  Object.entries(dict ?? {}).map(([value, label]) => ({ value, label }));

/** Bitrix24 stage ids carry their pipeline: "C3:NEW" is pipeline 3, a bare "NEW" the default pipeline 0. */
const stagePipeline = (id: string) => /^C(\d+):/.exec(id)?.[1] ?? "0";

/** The global filter bar for a report, fed from the parsed filters and the names behind the ids. */
export function ReportFilterBar({ ctx }: { ctx: ReportContext }) {
  const t = reportMessages[ctx.locale].filters;
  const isManager = ctx.scope.managerIds !== null;
  return (
    <FilterBar
      text={t}
      value={filterFormValues(ctx.filters, reportNow())}
      periods={PERIOD_PRESETS.map((p) => ({ value: p, label: t.presets[p] }))}
      pipelines={options(ctx.lookups.pipelines)}
      stages={[
        ...options(ctx.lookups.lossStages).map((o) => ({ ...o, pipeline: stagePipeline(o.value) })),
        { value: STAGE_UNKNOWN, label: t.unknownStage, pipeline: "" },
      ]}
      managers={options(ctx.lookups.managers)}
      departments={options(ctx.lookups.departments)}
      reasons={[{ value: REASON_NONE, label: t.noReason }, ...options(ctx.lookups.reasons)]}
      sources={options(ctx.lookups.sources)}
      hide={isManager ? ["managers", "department"] : []}
    />
  );
}
