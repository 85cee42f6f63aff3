"use client";

import { useActionState } from "react";
import type { Locale } from "@/lib/i18n/config";
import type { SettingsText } from "@/lib/i18n/sections/settings";
import { CONNECT_MESSAGES, type ConnectErrorCode } from "@/lib/portal-messages";
import { connectPortalAction } from "../actions";

type State = Awaited<ReturnType<typeof connectPortalAction>> | null;

export function ConnectForm({ t, locale }: { t: SettingsText; locale: Locale }) {
  const [state, action, pending] = useActionState<State, FormData>(
    (_prev, form) => connectPortalAction(form),
    null,
  );
  const failure =
    state && !state.ok
      ? state.message
      : state?.ok && "error" in state.data
        ? `${CONNECT_MESSAGES[state.data.error as ConnectErrorCode][locale]}${state.data.detail ? `: ${state.data.detail}` : ""}`
        : null;
  return (
    <form
      action={action}
      className="rounded-lg border border-gray-200 bg-white p-6 shadow-sm"
      aria-label={t.connectTitle}
    >
      <h2 className="text-lg font-medium">{t.connectTitle}</h2>
      <p className="mt-1 text-sm text-gray-500">{t.connectHelp}</p>
      <label className="mt-4 block text-sm font-medium" htmlFor="webhookUrl">
        {t.webhookLabel}
      </label>
      <div className="mt-1 flex gap-2">
        <input
          id="webhookUrl"
          name="webhookUrl"
          type="url"
          required
          placeholder="https://example.bitrix24.ru/rest/1/abcdef123456/"
          className="flex-1 rounded border border-gray-300 px-3 py-2 text-sm"
        />
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-blue-600 px-4 py-2 text-sm font-medium text-white disabled:opacity-60"
        >
          {pending ? t.connecting : t.connect}
        </button>
      </div>
      {failure && (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {failure}
        </p>
      )}
      {state?.ok && "portalId" in state.data && (
        <p role="status" className="mt-3 text-sm text-green-700">
          {t.connected}: {state.data.domain}
        </p>
      )}
    </form>
  );
}
