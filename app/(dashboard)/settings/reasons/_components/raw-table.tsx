import Link from "next/link";
import { mapRawReasonAction } from "../actions";
import { INPUT } from "./create-reason";
import { InlineForm } from "./inline-form";
import type { PageData } from "./types";

const ROW = "block py-2 align-top sm:table-row sm:py-0";
const CELL = "block px-3 py-0.5 sm:table-cell sm:py-2";
const NUMBER = "tabular-nums sm:text-right";

/** Every raw reason with its counts and the canonical reason it counts as, changeable. */
export function RawTable({ data }: { data: PageData }) {
  const { t } = data;
  return (
    <section aria-labelledby="raws-title" className="space-y-3">
      <div>
        <h2 id="raws-title" className="text-lg font-medium">
          {t.raws}
        </h2>
        <p className="text-sm text-gray-500">{t.rawsHelp}</p>
      </div>
      <div className="overflow-x-auto rounded-lg border border-gray-200 bg-white shadow-sm">
        <table className="block w-full text-left text-sm sm:table" data-testid="raw-table">
          {/* On a phone every row stacks (label, source, counts, mapping) instead of scrolling sideways. */}
          <thead className="hidden border-b border-gray-200 bg-gray-50 text-xs uppercase tracking-wide text-gray-500 sm:table-header-group">
            <tr>
              <th className="px-3 py-2 font-medium">{t.raw}</th>
              <th className="px-3 py-2 font-medium">{t.kind}</th>
              <th className="px-3 py-2 text-right font-medium">{t.lostDeals}</th>
              <th className="px-3 py-2 text-right font-medium">{t.lostMoney}</th>
              <th className="px-3 py-2 font-medium">{t.mapsTo}</th>
            </tr>
          </thead>
          <tbody className="block divide-y divide-gray-100 sm:table-row-group">
            {data.raws.map((x) => (
              <RawRow key={x.rawKey} x={x} data={data} />
            ))}
            <tr data-testid="raw-none" className={ROW}>
              <td className={`${CELL} text-gray-600`} title={t.noRawHelp}>
                {t.noRaw}
              </td>
              <td className={`${CELL} hidden text-xs text-gray-600 sm:table-cell`}>—</td>
              <td className={`${CELL} ${NUMBER}`}>
                <span className="text-gray-500 sm:hidden">{t.lostDeals}: </span>
                <Link href={data.noRaw.href} className="text-blue-700 hover:underline">
                  {data.noRaw.deals}
                </Link>
              </td>
              <td className={`${CELL} ${NUMBER} whitespace-nowrap`}>
                <span className="text-gray-500 sm:hidden">{t.lostMoney}: </span>
                {data.noRaw.money}
              </td>
              <td className={`${CELL} text-gray-600`}>
                <span className="text-gray-500 sm:hidden">{t.mapsTo}: </span>
                {t.notSpecified}
              </td>
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}

function RawRow({ x, data }: { x: PageData["raws"][number]; data: PageData }) {
  const { t } = data;
  return (
    <tr data-testid="raw" data-raw-key={x.rawKey} className={ROW}>
      <td className={`${CELL} break-words font-medium sm:min-w-40 sm:font-normal`}>{x.rawLabel}</td>
      <td className={`${CELL} text-xs text-gray-600`}>
        {x.kind === "stage" ? `${t.kindStage}${x.pipeline ? ` · ${x.pipeline}` : ""}` : t.kindField}
      </td>
      <td className={`${CELL} ${NUMBER}`}>
        <span className="text-gray-500 sm:hidden">{t.lostDeals}: </span>
        <Link href={x.href} className="text-blue-700 hover:underline" data-testid="raw-deals">
          {x.deals}
        </Link>
      </td>
      <td className={`${CELL} ${NUMBER} whitespace-nowrap`}>
        <span className="text-gray-500 sm:hidden">{t.lostMoney}: </span>
        {x.money}
      </td>
      <td className={`${CELL} sm:min-w-64`}>
        <InlineForm
          action={mapRawReasonAction}
          submit={t.save}
          okText={t.saved}
          tone="plain"
          label={x.rawLabel}
        >
          <input type="hidden" name="rawKey" value={x.rawKey} />
          <select
            name="reasonId"
            defaultValue={x.reasonId ?? "none"}
            aria-label={t.mapsTo}
            className={`${INPUT} max-w-52`}
          >
            <option value="none">{t.notSpecified}</option>
            {data.reasons.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </InlineForm>
        <span className="block pt-1 text-xs text-gray-400" data-testid="raw-source">
          {t.mapped} {x.source === "admin" ? t.admin : t.auto}
        </span>
      </td>
    </tr>
  );
}
