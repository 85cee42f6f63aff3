"use client";

import type { FilterBarText } from "@/lib/i18n/sections/reports";
import type { FilterChanges, FilterFormValues } from "@/lib/url-state/filter-form";
import { control, Field, type Option } from "./fields";

/** The period picker, its custom dates, and "compare with the previous period". */
export function PeriodFields(props: {
  text: FilterBarText;
  value: FilterFormValues;
  periods: Option[];
  apply: (changes: FilterChanges) => void;
}) {
  const { text: t, value: v, apply } = props;
  return (
    <>
      <Field label={t.period}>
        <select
          key={v.period}
          className={control}
          defaultValue={v.period}
          onChange={(e) =>
            apply(
              e.target.value === "custom"
                ? // A custom period is its dates: without one the URL would read as the default period again.
                  { period: null, from: v.from || v.viewFrom || null, to: v.to || v.viewTo || null }
                : { period: e.target.value, from: null, to: null },
            )
          }
        >
          {props.periods.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </Field>
      {v.period === "custom" ? (
        <>
          <Field label={t.from}>
            <input
              type="date"
              className={control}
              key={`from:${v.from}`}
              defaultValue={v.from}
              onBlur={(e) => e.target.value !== v.from && apply({ period: null, from: e.target.value })}
            />
          </Field>
          <Field label={t.to}>
            <input
              type="date"
              className={control}
              key={`to:${v.to}`}
              defaultValue={v.to}
              onBlur={(e) => e.target.value !== v.to && apply({ period: null, to: e.target.value })}
            />
          </Field>
        </>
      ) : null}
      <label className="flex h-9 items-center gap-2 text-sm text-gray-700">
        <input
          key={String(v.compare)}
          type="checkbox"
          defaultChecked={v.compare}
          onChange={(e) => apply({ compare: e.target.checked ? "1" : null })}
          className="h-4 w-4"
        />
        {t.compare}
      </label>
    </>
  );
}

/** The client type and the amount range. */
export function ClientAmountFields(props: {
  text: FilterBarText;
  value: FilterFormValues;
  apply: (changes: FilterChanges) => void;
}) {
  const { text: t, value: v, apply } = props;
  const bound = (k: "amountMin" | "amountMax", label: string) => (
    <input
      type="number"
      min={0}
      inputMode="numeric"
      placeholder={label}
      aria-label={`${t.amount} ${label}`}
      key={`${k === "amountMin" ? "min" : "max"}:${v[k]}`}
      defaultValue={v[k]}
      className={`${control} w-24`}
      onBlur={(e) => e.target.value !== v[k] && apply({ [k]: e.target.value })}
    />
  );
  return (
    <>
      <Field label={t.client}>
        <select
          key={v.client}
          className={control}
          defaultValue={v.client}
          onChange={(e) => apply({ client: e.target.value === "all" ? null : e.target.value })}
        >
          <option value="all">{t.clientAll}</option>
          <option value="new">{t.clientNew}</option>
          <option value="returning">{t.clientReturning}</option>
        </select>
      </Field>
      <Field label={t.amount}>
        <span className="flex items-center gap-1">
          {bound("amountMin", t.min)}
          <span aria-hidden="true">–</span>
          {bound("amountMax", t.max)}
        </span>
      </Field>
    </>
  );
}
