import { DataTable, type DataTableProps } from "@/components/data-table/data-table";
import { reportMessages } from "@/lib/i18n/sections/reports";
import { screenTable, type Table } from "@/lib/reports/tables/table";
import type { ReportLinks, ReportView } from "@/lib/reports/types";

/** A report table (lib/reports/tables) on the page: its numbers linked to the deals behind them. */
export function ReportTable<R>(
  props: { table: Table<R>; links: ReportLinks; view: ReportView } & Pick<
    DataTableProps,
    "caption" | "sortable" | "maxHeight" | "compact"
  >,
) {
  const { table, links, view, ...rest } = props;
  const screen = screenTable(table, links.drill);
  return (
    <DataTable
      {...rest}
      columns={screen.columns}
      rows={screen.rows}
      footer={screen.footer}
      locale={view.locale}
      currency={view.portal.baseCurrency}
      offset={view.portal.offset}
      empty={reportMessages[view.locale].frame.noData}
    />
  );
}
