import Link from "next/link";
import { getTranslations } from "next-intl/server";

/**
 * Shown inside the shell for unknown pages and for pages outside the viewer's role (requireRole answers 404, so
 * the wording covers both without saying which).
 */
export default async function DashboardNotFound() {
  const t = await getTranslations("nav");
  return (
    <div className="mx-auto max-w-xl px-6 py-24 text-center">
      <p className="text-5xl font-semibold text-gray-300">404</p>
      <h1 className="mt-4 text-2xl font-semibold">{t("notFoundTitle")}</h1>
      <p className="mt-2 text-gray-600">{t("notFoundText")}</p>
      <Link href="/overview" className="mt-6 inline-block text-blue-700 underline hover:text-blue-900">
        {t("backToOverview")}
      </Link>
    </div>
  );
}
