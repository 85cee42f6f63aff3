import type { ReactNode } from "react";

/** A titled card on a report page. */
export function Section(props: {
  title: string;
  hint?: string;
  actions?: ReactNode;
  children: ReactNode;
  id?: string;
}) {
  return (
    <section aria-labelledby={props.id} className="rounded-lg border border-gray-200 bg-white p-4 shadow-sm">
      <header className="mb-3 flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 id={props.id} className="text-base font-semibold text-gray-900">
            {props.title}
          </h2>
          {props.hint ? <p className="mt-0.5 text-xs text-gray-500">{props.hint}</p> : null}
        </div>
        {props.actions ? <div className="flex items-center gap-2 text-sm">{props.actions}</div> : null}
      </header>
      {props.children}
    </section>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="rounded-md bg-gray-50 px-4 py-8 text-center text-sm text-gray-500">{children}</p>;
}

/**
 * A headline number; `href` opens the deals behind it. A number never breaks across lines ("RUB 248,394,86 / 8"):
 * it keeps one line and its size follows the card's width (a container query), down to a readable minimum.
 * `text` marks a value that is words (a stage or reason name), which may wrap.
 */
export function Kpi(props: {
  label: string;
  value: string;
  sub?: string;
  href?: string | null;
  tone?: "bad" | "good";
  text?: boolean;
}) {
  const tone =
    props.tone === "bad" ? "text-red-700" : props.tone === "good" ? "text-green-700" : "text-gray-900";
  const size = props.text
    ? "break-words text-xl md:text-2xl"
    : "whitespace-nowrap text-[length:clamp(1rem,9cqi,1.5rem)] leading-tight";
  const value = <span className={`font-semibold tabular-nums ${size} ${tone}`}>{props.value}</span>;
  return (
    <div className="@container rounded-lg border border-gray-200 bg-white p-4 shadow-sm">
      <dt className="text-sm text-gray-500">{props.label}</dt>
      <dd className="mt-1">
        {props.href ? (
          <a href={props.href} className="hover:underline">
            {value}
          </a>
        ) : (
          value
        )}
        {props.sub ? <span className="mt-1 block text-xs text-gray-500">{props.sub}</span> : null}
      </dd>
    </div>
  );
}
