"use client";

import type { FilterBarText } from "@/lib/i18n/sections/reports";

export interface Option {
  value: string;
  label: string;
}

export const control =
  "h-9 rounded-md border border-gray-300 bg-white px-2 text-sm text-gray-800 focus:border-blue-500 focus:outline-none focus:ring-2 focus:ring-blue-200";

export function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child passed in (an implicit label)
    <label className="flex flex-col gap-1 text-xs font-medium text-gray-500">
      {label}
      {children}
    </label>
  );
}

export function Select(props: {
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

export function Multi(props: {
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
