"use client";

import { useActionState, useEffect } from "react";
import type { SettingsText } from "@/lib/i18n/sections/settings";
import { startOAuthConnectAction } from "../actions";

type State = Awaited<ReturnType<typeof startOAuthConnectAction>> | null;
const field = "mt-1 w-full rounded border border-gray-300 px-3 py-2 text-sm";

export function OAuthConnectForm({ t }: { t: SettingsText }) {
  const [state, action, pending] = useActionState<State, FormData>(
    (_prev, form) => startOAuthConnectAction(form),
    null,
  );
  useEffect(() => {
    if (state?.ok) window.location.assign(state.data.redirectTo);
  }, [state]);
  return (
    <form
      action={action}
      className="rounded-lg border border-gray-200 bg-white p-6 shadow-sm"
      aria-label={t.oauthTitle}
    >
      <h2 className="text-lg font-medium">{t.oauthTitle}</h2>
      <p className="mt-1 text-sm text-gray-500">{t.oauthHelp}</p>
      <div className="mt-4 grid grid-cols-1 gap-4 md:grid-cols-3">
        <label className="text-sm font-medium">
          {t.domain}
          <input name="domain" required className={field} />
        </label>
        <label className="text-sm font-medium">
          {t.clientId}
          <input name="clientId" required className={field} />
        </label>
        <label className="text-sm font-medium">
          {t.clientSecret}
          <input name="clientSecret" type="password" required autoComplete="off" className={field} />
        </label>
      </div>
      <button
        type="submit"
        disabled={pending}
        className="mt-4 rounded border border-gray-300 px-4 py-2 text-sm disabled:opacity-60"
      >
        {t.authorize}
      </button>
      {state && !state.ok && (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {state.message}
        </p>
      )}
    </form>
  );
}
