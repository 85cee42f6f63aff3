"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { createFirstAdminAction, type SetupState } from "./actions";

const field =
  "mt-1 w-full rounded-md border border-gray-300 px-3 py-2 text-sm focus:border-blue-600 focus:outline-none focus:ring-1 focus:ring-blue-600";

export function SetupForm() {
  const t = useTranslations("auth");
  const [state, action, pending] = useActionState<SetupState, FormData>(createFirstAdminAction, null);
  return (
    // noValidate: the server's answer is in the page's language; the browser's own bubbles follow the OS locale.
    <form
      action={action}
      noValidate
      className="mt-6 space-y-4"
      key={state ? `${state.name}|${state.email}` : "empty"}
    >
      <label className="block text-sm font-medium text-gray-700">
        {t("name")}
        <input name="name" required maxLength={100} defaultValue={state?.name} className={field} />
      </label>
      <label className="block text-sm font-medium text-gray-700">
        {t("email")}
        <input
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={state?.email}
          className={field}
        />
      </label>
      <label className="block text-sm font-medium text-gray-700">
        {t("password")}
        <input
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={10}
          required
          aria-describedby="password-hint"
          className={field}
        />
        <span id="password-hint" className="mt-1 block text-xs font-normal text-gray-500">
          {t("passwordHint")}
        </span>
      </label>
      {state?.error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.error}
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-md bg-blue-600 px-4 py-2 text-sm font-medium text-white hover:bg-blue-700 disabled:opacity-60"
      >
        {pending ? t("creating") : t("createAdmin")}
      </button>
    </form>
  );
}
