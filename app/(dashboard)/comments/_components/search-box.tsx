"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { searchQueryHref } from "@/lib/url-state/comments";

/**
 * The search box: typing updates `q` in the URL (debounced), which re-renders the server page — the URL stays
 * the state, so a search is a link. Paging resets on every new query.
 */
export function SearchBox({
  label,
  placeholder,
  help,
}: {
  label: string;
  placeholder: string;
  help: string;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [value, setValue] = useState(params.get("q") ?? "");
  const [pending, startTransition] = useTransition();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => () => (timer.current ? clearTimeout(timer.current) : undefined), []);

  const push = (q: string) => {
    startTransition(() => router.replace(searchQueryHref(pathname, params, q), { scroll: false }));
  };

  return (
    <search>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (timer.current) clearTimeout(timer.current);
          push(value);
        }}
      >
        <label htmlFor="comment-search" className="block text-sm font-medium text-gray-700">
          {label}
        </label>
        <div className="mt-1 flex items-center gap-2">
          <input
            id="comment-search"
            type="search"
            name="q"
            value={value}
            maxLength={200}
            autoComplete="off"
            placeholder={placeholder}
            onChange={(e) => {
              const q = e.target.value;
              setValue(q);
              if (timer.current) clearTimeout(timer.current);
              timer.current = setTimeout(() => push(q), 300);
            }}
            className="w-full rounded-md border border-gray-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-blue-500 focus:outline-none focus:ring-1 focus:ring-blue-500"
          />
          {pending && (
            <span className="text-xs text-gray-400" aria-live="polite">
              …
            </span>
          )}
        </div>
        <p className="mt-1 text-xs text-gray-500">{help}</p>
      </form>
    </search>
  );
}
