import Link from "next/link";
import { mergeReasonAction, renameReasonAction, setReasonThemeAction, splitReasonAction } from "../actions";
import { INPUT } from "./create-reason";
import { InlineForm } from "./inline-form";
import type { PageData } from "./types";

type Reason = PageData["reasons"][number];

/** Each canonical reason: its lost deals and money (linked to the drill-down), theme, raw reasons and actions. */
export function ReasonCards({ data }: { data: PageData }) {
  const { t } = data;
  return (
    <ul className="grid gap-3 md:grid-cols-2">
      {data.reasons.map((r) => (
        <ReasonCard key={r.id} r={r} data={data} />
      ))}
      <li
        data-testid="reason-none"
        className="flex flex-wrap items-baseline justify-between gap-2 rounded-lg border border-dashed border-gray-300 bg-white p-4"
      >
        <span className="font-medium text-gray-600">{t.notSpecified}</span>
        <span className="text-sm tabular-nums">
          <Link href={data.notSpecified.href} className="text-blue-700 hover:underline">
            {data.notSpecified.deals}
          </Link>{" "}
          · {data.notSpecified.money}
        </span>
      </li>
    </ul>
  );
}

function ReasonCard({ r, data }: { r: Reason; data: PageData }) {
  const { t } = data;
  const others = data.reasons.filter((o) => o.id !== r.id);
  return (
    <li
      data-testid="reason"
      data-reason-id={r.id}
      aria-label={r.name}
      className="min-w-0 space-y-3 rounded-lg border border-gray-200 bg-white p-4 shadow-sm"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="min-w-0 break-words font-medium" data-testid="reason-name">
          {r.name}
        </h3>
        <span className="text-sm tabular-nums">
          <Link href={r.href} className="text-blue-700 hover:underline" data-testid="reason-deals">
            {r.deals}
          </Link>{" "}
          · {r.money}
        </span>
      </div>
      <p className="break-words text-xs text-gray-500">
        {t.raws}: {r.raws.length ? r.raws.join(", ") : t.noRaws}
      </p>
      <InlineForm action={setReasonThemeAction} submit={t.save} okText={t.saved} tone="plain" label={t.theme}>
        <input type="hidden" name="id" value={r.id} />
        <label className="text-xs text-gray-500" title={t.themeHelp}>
          {t.theme}{" "}
          <select name="themeId" defaultValue={r.themeId ?? ""} className={`${INPUT} max-w-48`}>
            <option value="">{t.noTheme}</option>
            {data.themes.map((th) => (
              <option key={th.id} value={th.id}>
                {th.name}
              </option>
            ))}
          </select>
        </label>
      </InlineForm>
      <ReasonActions r={r} others={others} t={t} />
    </li>
  );
}

function ReasonActions({ r, others, t }: { r: Reason; others: Reason[]; t: PageData["t"] }) {
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-xs text-blue-700">{t.actions}</summary>
      <div className="mt-2 space-y-2">
        <InlineForm
          action={renameReasonAction}
          submit={t.rename}
          okText={t.renamed}
          tone="plain"
          label={t.rename}
        >
          <input type="hidden" name="id" value={r.id} />
          <input
            name="name"
            required
            maxLength={80}
            defaultValue={r.name}
            aria-label={t.name}
            className={`${INPUT} w-48 max-w-full`}
          />
        </InlineForm>
        {others.length > 0 && (
          <InlineForm
            action={mergeReasonAction}
            submit={t.mergeButton}
            okText={t.merged}
            tone="plain"
            label={t.merge}
          >
            <input type="hidden" name="id" value={r.id} />
            <select
              name="into"
              required
              defaultValue=""
              aria-label={t.mergeInto}
              className={`${INPUT} max-w-48`}
            >
              <option value="" disabled>
                {t.mergeInto}
              </option>
              {others.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </InlineForm>
        )}
        {r.raws.length > 1 && (
          <InlineForm
            action={splitReasonAction}
            submit={t.split}
            okText={t.splitDone}
            tone="danger"
            label={t.split}
          >
            <input type="hidden" name="id" value={r.id} />
            <span className="text-xs text-gray-500">{t.splitHelp}</span>
          </InlineForm>
        )}
      </div>
    </details>
  );
}
