"use client";

import { type ReactNode, useActionState } from "react";
import type { ActionResult } from "@/lib/auth/action-core";

type Action = (form: FormData) => Promise<ActionResult<unknown>>;

/** A form bound to a server action, with a status line (the typed message, never raw error text). */
export function ActionForm({
  action,
  children,
  okText,
  submit,
  className,
  danger,
}: {
  action: Action;
  children?: ReactNode;
  okText: string;
  submit: string;
  className?: string;
  danger?: boolean;
}) {
  const [state, run, pending] = useActionState(
    async (_: ActionResult<unknown> | null, form: FormData) => action(form),
    null,
  );
  return (
    <form action={run} className={className}>
      {children}
      <div className="flex items-center gap-3">
        <button
          type="submit"
          disabled={pending}
          className={
            danger
              ? "rounded-md border border-red-300 px-3 py-1 text-sm text-red-700 hover:bg-red-50 disabled:opacity-50"
              : "rounded-md bg-blue-600 px-3 py-1 text-sm font-medium text-white hover:bg-blue-700 disabled:opacity-50"
          }
        >
          {pending ? "…" : submit}
        </button>
        {state && (
          <span role="status" className={`text-xs ${state.ok ? "text-green-700" : "text-red-700"}`}>
            {state.ok ? okText : state.message}
          </span>
        )}
      </div>
    </form>
  );
}
