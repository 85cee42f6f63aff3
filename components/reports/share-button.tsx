"use client";

import { type FormEvent, useId, useRef, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/action-core";
import type { Locale } from "@/lib/i18n/config";
import { shareMessages } from "@/lib/i18n/sections/share";
import type { ReportKind } from "@/lib/reports/registry";
import { ShareCreated, ShareDialog, ShareForm } from "./share-dialog";

/**
 * The share link server actions, handed in by the page (app/(dashboard)/shared-links/actions.ts): a component
 * never imports from app/, and the actions stay where their route group's other actions are.
 */
export interface ShareActions {
  create: (form: FormData) => Promise<ActionResult<{ path: string; expiresAt: string }>>;
  managers: (
    input: Record<string, never>,
  ) => Promise<ActionResult<{ fixed: boolean; managers: { id: number; name: string }[] }>>;
}

export interface SharedManagers {
  fixed: boolean;
  list: { id: number; name: string }[];
}

/**
 * "Share": a small dialog that freezes this report and its current filters (`query`, the page's search string)
 * into a public read-only link with an expiry, an optional label and optionally one manager.
 */
export function ShareButton(props: {
  report: ReportKind;
  query: string;
  locale: Locale;
  actions: ShareActions;
}) {
  const t = shareMessages[props.locale];
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [managers, setManagers] = useState<SharedManagers | null>(null);
  const [created, setCreated] = useState<{ url: string; expiresAt: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function open() {
    setCreated(null);
    setError(null);
    dialog.current?.showModal();
    if (!managers)
      startTransition(async () => {
        const res = await props.actions.managers({});
        if (res.ok) setManagers({ fixed: res.data.fixed, list: res.data.managers });
      });
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    form.set("report", props.report);
    form.set("query", props.query.replace(/^\?/, ""));
    startTransition(async () => {
      const res = await props.actions.create(form);
      if (res.ok) {
        setError(null);
        const url = new URL(res.data.path, window.location.origin).toString();
        setCreated({ url, expiresAt: res.data.expiresAt });
      } else
        setError(
          res.fieldErrors ? Object.values(res.fieldErrors).flat().join("; ") || res.message : res.message,
        );
    });
  }

  const close = () => dialog.current?.close();
  return (
    <>
      <button
        type="button"
        onClick={open}
        className="rounded-md border border-gray-300 bg-white px-3 py-1.5 text-sm text-gray-700 hover:bg-gray-50"
      >
        <span aria-hidden="true">↗</span> {t.share}
      </button>
      <ShareDialog dialog={dialog} titleId={titleId} locale={props.locale}>
        {created ? (
          <ShareCreated
            key={created.url}
            created={created}
            locale={props.locale}
            urlId={`${titleId}-url`}
            onClose={close}
          />
        ) : (
          <ShareForm
            locale={props.locale}
            managers={managers}
            error={error}
            pending={pending}
            onSubmit={submit}
            onClose={close}
          />
        )}
      </ShareDialog>
    </>
  );
}
