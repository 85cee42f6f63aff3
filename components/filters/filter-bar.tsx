"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTransition } from "react";
import type { FilterBarText } from "@/lib/i18n/sections/reports";
import {
  type FilterChanges,
  type FilterFormValues,
  filterChangeHref,
  filterResetHref,
} from "@/lib/url-state/filter-form";
import { Multi, type Option, Select } from "./fields";
import { ClientAmountFields, PeriodFields } from "./period-fields";

export interface FilterBarProps {
  text: FilterBarText;
  /** Current values as they stand in the URL after strict parsing (defaults filled in): one per filter key. */
  value: FilterFormValues;
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

/** The URL the bar leads to: each change (or a reset) is a new URL built by lib/url-state. */
function useFilterNavigation() {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const [pending, startTransition] = useTransition();
  const go = (to: string) => startTransition(() => router.push(to));
  return {
    pending,
    apply: (changes: FilterChanges) => go(filterChangeHref(pathname, search, changes)),
    reset: () => go(filterResetHref(pathname, search)),
  };
}

/** The global filter bar: every change is a new URL (so back/forward and reload keep the view). */
export function FilterBar(props: FilterBarProps) {
  const { pending, apply, reset } = useFilterNavigation();
  const { text: t, value: v } = props;
  const stages = props.stages.filter((s) => !v.pipeline || s.pipeline === v.pipeline || s.pipeline === "");
  const hidden = new Set(props.hide ?? []);
  return (
    <form
      aria-label={t.title}
      aria-busy={pending}
      className="flex flex-wrap items-end gap-3 rounded-lg border border-gray-200 bg-white p-3 shadow-sm"
      onSubmit={(e) => e.preventDefault()}
    >
      <PeriodFields text={t} value={v} periods={props.periods} apply={apply} />
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
      <ClientAmountFields text={t} value={v} apply={apply} />
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
