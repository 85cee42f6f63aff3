"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTransition } from "react";
import type { FilterBarText } from "@/lib/i18n/sections/reports";
import { VIEW_FILTER_KEYS } from "@/lib/url-state/keys";

export interface Option {
  value: string;
  label: string;
}

export interface FilterBarProps {
  text: FilterBarText;
  /** Current values as they stand in the URL after strict parsing (defaults filled in). */
  value: {
    period: string;
    from: string;
    to: string;
    /** The dates the view covers now (inclusive, local): "custom" starts from them. */
    viewFrom: string;
    viewTo: string;
    compare: boolean;
    pipeline: string;
    stage: string;
    managers: string[];
    department: string;
    reasons: string[];
    source: string;
    client: string;
    amountMin: string;
    amountMax: string;
  };
  periods: Option[];
  pipelines: Option[];
  /** Stages with the pipeline they belong to ("" = every pipeline). */
  stages: (Option & { pipeline: string })[];
  managers: Option[];
  departments: Option[];
  reasons: Option[];
  sources: Option[];
  /** Hide controls a view has no use for (e.g. the manager picker for a manager). */
  hide?: ("managers" | "department")[];
}

const control =
  "h-9 rounded-md border border-gray-300 bg-white px-2 text-sm text-gray-800 focus:border-blue-500 focus:outline-none focus:ring-2 focus:ring-blue-200";

/** The global filter bar: every change is a new URL (so back/forward and reload keep the view). */
export function FilterBar(props: FilterBarProps) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const [pending, startTransition] = useTransition();
  const { text: t, value: v } = props;

  function apply(changes: Record<string, string | string[] | null>) {
    const next = new URLSearchParams(search.toString());
    for (const [k, val] of Object.entries(changes)) {
      const s = Array.isArray(val) ? val.join(",") : val;
      if (s === null || s === "") next.delete(k);
      else next.set(k, s);
    }
    next.delete("page");
    const qs = next.toString();
    startTransition(() => router.push(qs ? `${pathname}?${qs}` : pathname));
  }

  function reset() {
    const next = new URLSearchParams(search.toString());
    for (const k of VIEW_FILTER_KEYS) next.delete(k);
    next.delete("page");
    const qs = next.toString();
    startTransition(() => router.push(qs ? `${pathname}?${qs}` : pathname));
  }

  const stages = props.stages.filter((s) => !v.pipeline || s.pipeline === v.pipeline || s.pipeline === "");
  const hidden = new Set(props.hide ?? []);

  return (
    <form
      aria-label={t.title}
      aria-busy={pending}
      className="flex flex-wrap items-end gap-3 rounded-lg border border-gray-200 bg-white p-3 shadow-sm"
      onSubmit={(e) => e.preventDefault()}
    >
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
      <Select
        label={t.pipeline}
        all={t.all}
        value={v.pipeline}
        options={props.pipelines}
        onChange={(x) => apply({ pipeline: x, stage: null })}
      />
      <Select
        label={t.stage}
        all={t.all}
        value={v.stage}
        options={stages}
        onChange={(x) => apply({ stage: x })}
      />
      {hidden.has("managers") ? null : (
        <Multi
          label={t.managers}
          all={t.all}
          selected={v.managers}
          options={props.managers}
          onChange={(xs) => apply({ managers: xs })}
          text={t}
        />
      )}
      {hidden.has("department") ? null : (
        <Select
          label={t.department}
          all={t.all}
          value={v.department}
          options={props.departments}
          onChange={(x) => apply({ department: x })}
        />
      )}
      <Multi
        label={t.reasons}
        all={t.all}
        selected={v.reasons}
        options={props.reasons}
        onChange={(xs) => apply({ reasons: xs })}
        text={t}
      />
      <Select
        label={t.source}
        all={t.all}
        value={v.source}
        options={props.sources}
        onChange={(x) => apply({ source: x })}
      />
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
          <input
            type="number"
            min={0}
            inputMode="numeric"
            placeholder={t.min}
            aria-label={`${t.amount} ${t.min}`}
            key={`min:${v.amountMin}`}
            defaultValue={v.amountMin}
            className={`${control} w-24`}
            onBlur={(e) => e.target.value !== v.amountMin && apply({ amountMin: e.target.value })}
          />
          <span aria-hidden="true">–</span>
          <input
            type="number"
            min={0}
            inputMode="numeric"
            placeholder={t.max}
            aria-label={`${t.amount} ${t.max}`}
            key={`max:${v.amountMax}`}
            defaultValue={v.amountMax}
            className={`${control} w-24`}
            onBlur={(e) => e.target.value !== v.amountMax && apply({ amountMax: e.target.value })}
          />
        </span>
      </Field>
      <button
        type="button"
        onClick={reset}
        className="h-9 rounded-md px-3 text-sm text-blue-700 hover:bg-blue-50"
      >
        {t.reset}
      </button>
      {pending ? <span className="h-9 text-sm leading-9 text-gray-400">{t.loading}</span> : null}
    </form>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child passed in (an implicit label)
    <label className="flex flex-col gap-1 text-xs font-medium text-gray-500">
      {label}
      {children}
    </label>
  );
}

function Select(props: {
  label: string;
  all: string;
  value: string;
  options: Option[];
  onChange: (v: string | null) => void;
}) {
  return (
    <Field label={props.label}>
      <select
        key={props.value}
        className={`${control} max-w-48`}
        defaultValue={props.value}
        onChange={(e) => props.onChange(e.target.value || null)}
      >
        <option value="">{props.all}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

function Multi(props: {
  label: string;
  all: string;
  selected: string[];
  options: Option[];
  onChange: (v: string[]) => void;
  text: FilterBarText;
}) {
  const chosen = new Set(props.selected);
  const summary =
    props.selected.length === 0
      ? props.all
      : props.selected.length === 1
        ? (props.options.find((o) => o.value === props.selected[0])?.label ?? props.selected[0])
        : `${props.text.selected}: ${props.selected.length}`;
  return (
    <div className="flex flex-col gap-1 text-xs font-medium text-gray-500">
      <span>{props.label}</span>
      <details className="relative">
        <summary
          className={`${control} flex max-w-48 cursor-pointer list-none items-center truncate leading-9`}
        >
          <span className="truncate">{summary}</span>
          <span aria-hidden="true" className="ml-auto pl-2 text-gray-400">
            ▾
          </span>
        </summary>
        <fieldset className="absolute z-20 mt-1 max-h-72 w-64 overflow-auto rounded-md border border-gray-200 bg-white p-2 shadow-lg">
          <legend className="sr-only">{props.label}</legend>
          {props.options.map((o) => (
            <label
              key={o.value}
              className="flex items-center gap-2 rounded px-1 py-1 text-sm font-normal text-gray-800 hover:bg-gray-50"
            >
              <input
                type="checkbox"
                checked={chosen.has(o.value)}
                onChange={(e) =>
                  props.onChange(
                    e.target.checked
                      ? [...props.selected, o.value]
                      : props.selected.filter((x) => x !== o.value),
                  )
                }
              />
              <span className="truncate">{o.label}</span>
            </label>
          ))}
          {props.selected.length ? (
            <button type="button" className="mt-1 text-sm text-blue-700" onClick={() => props.onChange([])}>
              {props.text.clear}
            </button>
          ) : null}
        </fieldset>
      </details>
    </div>
  );
}
