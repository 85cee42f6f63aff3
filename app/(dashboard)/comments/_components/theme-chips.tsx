"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import type { ChipText } from "@/lib/i18n/sections/tag-corrections";
import { correctThemeAction } from "../actions";

export interface Chip {
  id: number;
  name: string;
  /** Why the comment carries the theme: its words, the keywords, or "added by hand". Plain text, rendered inert. */
  description: string;
  removeLabel: string;
  hand: boolean;
}

/**
 * A comment's themes: each chip explains itself on hover (title) and on keyboard focus (a popup that is also its
 * accessible description); a director or admin removes a theme with × and adds one from the select.
 */
export function ThemeChips(props: {
  commentKey: string;
  chips: Chip[];
  /** Enabled themes the comment does not carry; null when the viewer may not correct. */
  options: { id: number; name: string }[] | null;
  text: ChipText;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const correct = (themeId: number, action: "add" | "remove") =>
    start(async () => {
      const res = await correctThemeAction({ comment: props.commentKey, themeId, action });
      setError(res.ok ? null : res.message);
      if (res.ok) router.refresh();
    });
  const { options, text } = props;
  return (
    <ul className="contents" aria-busy={pending}>
      {props.chips.map((c) => (
        <ThemeChip
          key={c.id}
          chip={c}
          text={text}
          onRemove={options ? () => correct(c.id, "remove") : null}
        />
      ))}
      {options && options.length > 0 && (
        <li className="list-none">
          <select
            aria-label={text.addLabel}
            value=""
            disabled={pending}
            onChange={(e) => {
              const id = Number(e.target.value);
              if (id) correct(id, "add");
            }}
            className="max-w-[9rem] rounded-full border border-dashed border-blue-300 bg-white px-2 py-0.5 text-xs text-blue-700"
          >
            <option value="">{text.add}</option>
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </li>
      )}
      {error && (
        <li role="status" className="list-none text-xs text-red-700">
          {text.failed}: {error}
        </li>
      )}
    </ul>
  );
}

function ThemeChip({ chip, text, onRemove }: { chip: Chip; text: ChipText; onRemove: (() => void) | null }) {
  const tipId = useId();
  return (
    <li
      className={`group relative inline-flex list-none items-center gap-1 rounded-full px-2 py-0.5 ${
        chip.hand ? "border border-dashed border-blue-400 bg-white text-blue-800" : "bg-blue-50 text-blue-700"
      }`}
      data-testid="theme-chip"
      data-hand={chip.hand ? "1" : undefined}
    >
      <span
        // biome-ignore lint/a11y/noNoninteractiveTabindex: focus shows the explanation to keyboard users
        tabIndex={0}
        title={chip.description}
        aria-describedby={tipId}
        className="rounded-full outline-offset-2"
      >
        {chip.name}
        {chip.hand && (
          <span className="ml-1 text-[10px] text-blue-500">
            ✎<span className="sr-only"> {text.handMark}</span>
          </span>
        )}
      </span>
      <span
        id={tipId}
        role="tooltip"
        className="pointer-events-none absolute left-0 top-full z-10 mt-1 hidden w-max max-w-[15rem] whitespace-normal break-words rounded bg-gray-900 px-2 py-1 text-xs text-white group-focus-within:block"
      >
        {chip.description}
      </span>
      {onRemove && (
        <button
          type="button"
          onClick={onRemove}
          aria-label={chip.removeLabel}
          title={chip.removeLabel}
          className="-mr-1 rounded-full px-1 leading-none text-blue-500 hover:bg-blue-100 hover:text-blue-900"
        >
          ×
        </button>
      )}
    </li>
  );
}
