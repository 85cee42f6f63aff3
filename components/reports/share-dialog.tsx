"use client";

import { type FormEvent, type ReactNode, type RefObject, useState } from "react";
import { formatDate } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import { shareMessages } from "@/lib/i18n/sections/share";
import { DEFAULT_EXPIRY_DAYS, LABEL_MAX, MAX_EXPIRY_DAYS } from "@/lib/share/constants";
import type { SharedManagers } from "./share-button";

const input = "mt-1 w-full rounded-md border border-gray-300 px-2 py-1.5 text-sm";
const secondary = "rounded-md border border-gray-300 px-3 py-1.5 text-sm hover:bg-gray-100";
const primary = "rounded-md bg-blue-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-700";

/** The reader's own UTC offset ("+03:00"): the expiry date is the day on the clock of whoever made the link. */
function browserOffset(): string {
  const mins = -new Date().getTimezoneOffset();
  const abs = Math.abs(mins);
  return `${mins < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** The dialog around the form and its result: a title, what a share link is, then `children`. */
export function ShareDialog(props: {
  dialog: RefObject<HTMLDialogElement | null>;
  titleId: string;
  locale: Locale;
  children: ReactNode;
}) {
  const t = shareMessages[props.locale];
  return (
    <dialog
      ref={props.dialog}
      aria-labelledby={props.titleId}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-gray-200 p-0 shadow-xl backdrop:bg-black/30"
    >
      <div className="space-y-3 p-5">
        <h2 id={props.titleId} className="text-lg font-semibold">
          {t.dialogTitle}
        </h2>
        <p className="text-sm text-gray-600">{t.dialogHelp}</p>
        {props.children}
      </div>
    </dialog>
  );
}

/** The link made: its address to copy, and until when it works. */
export function ShareCreated(props: {
  created: { url: string; expiresAt: string };
  locale: Locale;
  urlId: string;
  onClose: () => void;
}) {
  const t = shareMessages[props.locale];
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(props.created.url);
      setCopied(true);
    } catch {
      // Clipboard refused (insecure origin): the field is selected so Ctrl+C works.
      document.getElementById(props.urlId)?.focus();
    }
  }
  return (
    <div className="space-y-2">
      <p role="status" className="text-sm text-green-800">
        {t.created}
      </p>
      <label className="block text-sm">
        {t.url}
        <input
          id={props.urlId}
          readOnly
          value={props.created.url}
          onFocus={(e) => e.currentTarget.select()}
          className={`${input} font-mono text-xs`}
        />
      </label>
      <p className="text-xs text-gray-500">
        {t.expiresOn}: {formatDate(props.created.expiresAt, props.locale, browserOffset())}
      </p>
      <div className="flex justify-end gap-2">
        <button type="button" onClick={copy} className={primary}>
          {copied ? t.copied : t.copy}
        </button>
        <button type="button" onClick={props.onClose} className={secondary}>
          {t.close}
        </button>
      </div>
    </div>
  );
}

/** Expiry, label and (for directors) one manager to narrow the link to. */
export function ShareForm(props: {
  locale: Locale;
  managers: SharedManagers | null;
  error: string | null;
  pending: boolean;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  onClose: () => void;
}) {
  const t = shareMessages[props.locale];
  const { managers } = props;
  return (
    <form onSubmit={props.onSubmit} noValidate className="space-y-3">
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
        <input name="label" maxLength={LABEL_MAX} placeholder={t.labelPlaceholder} className={input} />
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
      {props.error ? (
        <p role="alert" className="text-sm text-red-700">
          {props.error}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <button type="button" onClick={props.onClose} className={secondary}>
          {t.close}
        </button>
        <button type="submit" disabled={props.pending} className={`${primary} disabled:opacity-60`}>
          {props.pending ? t.creating : t.create}
        </button>
      </div>
    </form>
  );
}
