"use client";

import { useLocale } from "next-intl";
import { type FormEvent, useId, useRef, useState, useTransition } from "react";
import { createShareLinkAction, shareManagersAction } from "@/app/(dashboard)/shared-links/actions";
import { shareMessages } from "@/lib/i18n/sections/share";
import { DEFAULT_EXPIRY_DAYS, LABEL_MAX, MAX_EXPIRY_DAYS } from "@/lib/share/constants";
import type { ReportKind } from "./types";

interface Created {
  url: string;
  expiresAt: string;
}

/**
 * "Share": a small dialog that freezes this report and its current filters (`query`, the page's search string)
 * into a public read-only link with an expiry, an optional label and optionally one manager.
 */
export function ShareButton({ report, query }: { report: ReportKind; query: string }) {
  const locale = useLocale() === "en" ? "en" : "ru";
  const t = shareMessages[locale];
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [managers, setManagers] = useState<{ fixed: boolean; list: { id: number; name: string }[] } | null>(
    null,
  );
  const [created, setCreated] = useState<Created | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [pending, startTransition] = useTransition();

  function open() {
    setCreated(null);
    setError(null);
    setCopied(false);
    dialog.current?.showModal();
    if (!managers)
      startTransition(async () => {
        const res = await shareManagersAction({});
        if (res.ok) setManagers({ fixed: res.data.fixed, list: res.data.managers });
      });
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    form.set("report", report);
    form.set("query", query.replace(/^\?/, ""));
    startTransition(async () => {
      const res = await createShareLinkAction(form);
      if (res.ok) {
        setError(null);
        setCreated({
          url: new URL(res.data.path, window.location.origin).toString(),
          expiresAt: res.data.expiresAt,
        });
      } else
        setError(
          res.fieldErrors ? Object.values(res.fieldErrors).flat().join("; ") || res.message : res.message,
        );
    });
  }

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.url);
      setCopied(true);
    } catch {
      // Clipboard refused (insecure origin): the field is selected so Ctrl+C works.
      document.getElementById(`${titleId}-url`)?.focus();
    }
  }

  const input = "mt-1 w-full rounded-md border border-gray-300 px-2 py-1.5 text-sm";
  return (
    <>
      <button
        type="button"
        onClick={open}
        className="rounded-md border border-gray-300 bg-white px-3 py-1.5 text-sm text-gray-700 hover:bg-gray-50"
      >
        <span aria-hidden="true">↗</span> {t.share}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-gray-200 p-0 shadow-xl backdrop:bg-black/30"
      >
        <div className="space-y-3 p-5">
          <h2 id={titleId} className="text-lg font-semibold">
            {t.dialogTitle}
          </h2>
          <p className="text-sm text-gray-600">{t.dialogHelp}</p>
          {created ? (
            <div className="space-y-2">
              <p role="status" className="text-sm text-green-800">
                {t.created}
              </p>
              <label className="block text-sm">
                {t.url}
                <input
                  id={`${titleId}-url`}
                  readOnly
                  value={created.url}
                  onFocus={(e) => e.currentTarget.select()}
                  className={`${input} font-mono text-xs`}
                />
              </label>
              <p className="text-xs text-gray-500">
                {t.expiresOn}:{" "}
                {new Date(created.expiresAt).toLocaleDateString(locale === "ru" ? "ru-RU" : "en-US")}
              </p>
              <div className="flex justify-end gap-2">
                <button
                  type="button"
                  onClick={copy}
                  className="rounded-md bg-blue-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-700"
                >
                  {copied ? t.copied : t.copy}
                </button>
                <button
                  type="button"
                  onClick={() => dialog.current?.close()}
                  className="rounded-md border border-gray-300 px-3 py-1.5 text-sm hover:bg-gray-100"
                >
                  {t.close}
                </button>
              </div>
            </div>
          ) : (
            <form onSubmit={submit} noValidate className="space-y-3">
              <label className="block text-sm">
                {t.expiryDays}
                <input
                  name="expiresInDays"
                  type="number"
                  min={1}
                  max={MAX_EXPIRY_DAYS}
                  defaultValue={DEFAULT_EXPIRY_DAYS}
                  className={input}
                />
              </label>
              <label className="block text-sm">
                {t.label}
                <input
                  name="label"
                  maxLength={LABEL_MAX}
                  placeholder={t.labelPlaceholder}
                  className={input}
                />
              </label>
              {managers && !managers.fixed && managers.list.length > 0 ? (
                <label className="block text-sm">
                  {t.manager}
                  <select name="managerId" defaultValue="" className={input}>
                    <option value="">{t.allManagers}</option>
                    {managers.list.map((m) => (
                      <option key={m.id} value={m.id}>
                        {m.name}
                      </option>
                    ))}
                  </select>
                </label>
              ) : null}
              {error ? (
                <p role="alert" className="text-sm text-red-700">
                  {error}
                </p>
              ) : null}
              <div className="flex justify-end gap-2">
                <button
                  type="button"
                  onClick={() => dialog.current?.close()}
                  className="rounded-md border border-gray-300 px-3 py-1.5 text-sm hover:bg-gray-100"
                >
                  {t.close}
                </button>
                <button
                  type="submit"
                  disabled={pending}
                  className="rounded-md bg-blue-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-700 disabled:opacity-60"
                >
                  {pending ? t.creating : t.create}
                </button>
              </div>
            </form>
          )}
        </div>
      </dialog>
    </>
  );
}
