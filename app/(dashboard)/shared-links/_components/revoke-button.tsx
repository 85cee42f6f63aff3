"use client";

import { useState, useTransition } from "react";
import { revokeShareLinkAction } from "../actions";

export function RevokeButton({
  id,
  label,
  doneLabel,
  name,
}: {
  id: number;
  label: string;
  doneLabel: string;
  name: string;
}) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  if (message?.ok)
    return (
      <span role="status" className="text-sm text-gray-600">
        {message.text}
      </span>
    );
  return (
    <span className="inline-flex flex-col items-start gap-1">
      <button
        type="button"
        disabled={pending}
        aria-label={`${label}: ${name}`}
        onClick={() =>
          startTransition(async () => {
            const res = await revokeShareLinkAction({ id });
            setMessage(res.ok ? { ok: true, text: doneLabel } : { ok: false, text: res.message });
          })
        }
        className="rounded-md border border-red-300 bg-white px-2.5 py-1 text-sm text-red-700 hover:bg-red-50 disabled:opacity-60"
      >
        {label}
      </button>
      {message && !message.ok ? (
        <span role="alert" className="text-xs text-red-700">
          {message.text}
        </span>
      ) : null}
    </span>
  );
}
