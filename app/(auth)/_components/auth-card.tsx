import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { setLocaleAction } from "@/lib/auth/session-actions";

/** The centred card of the sign-in and first-start pages, with the ru/en switch under it. */
export async function AuthCard({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle: string;
  children: ReactNode;
}) {
  const locale = await getLocale();
  const t = await getTranslations("locale");
  return (
    <main className="flex min-h-screen flex-col items-center justify-center bg-gray-50 px-4">
      <div className="w-full max-w-sm rounded-lg border border-gray-200 bg-white p-8 shadow-sm">
        <p className="text-sm font-semibold tracking-wide text-blue-700">LossLens</p>
        <h1 className="mt-1 text-2xl font-semibold">{title}</h1>
        <p className="mt-1 text-sm text-gray-500">{subtitle}</p>
        {children}
      </div>
      <form action={setLocaleAction} className="mt-4">
        <input type="hidden" name="locale" value={locale === "ru" ? "en" : "ru"} />
        <button type="submit" className="text-sm text-gray-500 underline hover:text-gray-800">
          {t("switchTo")}
        </button>
      </form>
    </main>
  );
}
