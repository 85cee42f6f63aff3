"use client";

import { type FormEvent, type ReactNode, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/action-core";

/**
 * A form posting to one defineAction() server action, showing its answer in words. Submits in a transition
 * rather than through `<form action>`, so a refused submission keeps what was typed (React resets forms after
 * form actions).
 */
export function ActionForm({
  action,
  children,
  submitLabel,
  successLabel,
  fieldLabels = {},
  resetOnSuccess = false,
  resetOnError = false,
  className = "",
  rowClassName = "flex items-center gap-2",
  buttonClassName = "rounded-md border border-gray-300 bg-white px-3 py-1.5 text-sm hover:bg-gray-100",
  ariaLabel,
}: {
  action: (form: FormData) => Promise<ActionResult<unknown>>;
  children?: ReactNode;
  submitLabel: string;
  successLabel?: string;
  fieldLabels?: Record<string, string>;
  resetOnSuccess?: boolean;
  /** Put the fields back to what the page shows (the stored value) when the change is refused. */
  resetOnError?: boolean;
  /** The form element's classes. */
  className?: string;
  /** The row holding the fields and the button. */
  rowClassName?: string;
  buttonClassName?: string;
  ariaLabel?: string;
}) {
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const [pending, startTransition] = useTransition();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    startTransition(async () => {
      const res = await action(data);
      setResult(res);
      if (res.ok ? resetOnSuccess : resetOnError) form.reset();
    });
  }
  return (
    <form onSubmit={onSubmit} noValidate className={className} aria-label={ariaLabel}>
      <div className={rowClassName}>
        {children}
        <button type="submit" disabled={pending} className={`${buttonClassName} disabled:opacity-60`}>
          {submitLabel}
        </button>
      </div>
      {result && !result.ok && (
        <div role="alert" className="mt-1 text-sm text-red-700">
          <p>{result.message}</p>
          {result.fieldErrors && (
            <ul className="mt-1 list-disc pl-5">
              {Object.entries(result.fieldErrors).map(([field, messages]) => (
                <li key={field}>
                  {fieldLabels[field] ?? field}: {messages.join("; ")}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {result?.ok && successLabel && (
        <p role="status" className="mt-1 text-sm text-green-700">
          {successLabel}
        </p>
      )}
    </form>
  );
}
