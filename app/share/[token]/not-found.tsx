import { getLocale } from "next-intl/server";
import { toLocale } from "@/lib/i18n/config";
import { shareMessages } from "@/lib/i18n/sections/share";

/** Unknown or tampered token: the same answer for both, with no hint which. */
export default async function ShareNotFound() {
  const t = shareMessages[toLocale(await getLocale())];
  return (
    <main className="mx-auto max-w-xl px-6 py-24 text-center">
      <p className="text-5xl font-semibold text-gray-300">404</p>
      <h1 className="mt-4 text-2xl font-semibold">{t.notFoundTitle}</h1>
      <p className="mt-2 text-gray-600">{t.notFoundText}</p>
    </main>
  );
}
