"use client";

import { type ReactNode, useActionState } from "react";
import type { ActionResult } from "@/lib/auth/action-core";

type Action = (form: FormData) => Promise<ActionResult<unknown>>;

const BUTTON = {
  primary: "bg-blue-600 text-white hover:bg-blue-700",
  plain: "border border-gray-300 bg-white text-gray-700 hover:bg-gray-100",
  danger: "border border-red-300 bg-white text-red-700 hover:bg-red-50",
} as const;

/**
 * A compact form bound to a server action: its fields, one button, and a status line with the typed message
 * (and the first field error), never raw error text.
 */
export function InlineForm({
  action,
  children,
  submit,
  okText,
  tone = "primary",
  label,
}: {
  action: Action;
  children?: ReactNode;
  submit: string;
  okText: string;
  tone?: keyof typeof BUTTON;
  /** The form's accessible name (e2e tests and screen readers find a row's form by it). */
  label?: string;
}) {
  const [state, run, pending] = useActionState(
    async (_: ActionResult<unknown> | null, form: FormData) => action(form),
    null,
  );
  const detail = state && !state.ok ? Object.values(state.fieldErrors ?? {})[0]?.[0] : undefined;
  return (
    <form action={run} aria-label={label} className="flex flex-wrap items-center gap-2">
      {children}
      <button
        type="submit"
        disabled={pending}
        className={`rounded-md px-2.5 py-1 text-xs font-medium disabled:opacity-50 ${BUTTON[tone]}`}
      >
        {pending ? "…" : submit}
      </button>
      {state && (
        <span role="status" className={`text-xs ${state.ok ? "text-green-700" : "text-red-700"}`}>
          {state.ok ? okText : detail ? `${state.message}: ${detail}` : state.message}
        </span>
      )}
    </form>
  );
}
