"use client";

import { useTranslations } from "next-intl";

/** The error's own text stays in the server log; the page says so in words and offers a retry. */
export function SegmentError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("auth");
  return (
    <div className="mx-auto max-w-6xl px-6 py-8">
      <p role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800">
        {t("pageFailed")}
      </p>
      <button
        type="button"
        onClick={reset}
        className="mt-4 rounded-md border border-gray-300 px-3 py-1.5 text-sm"
      >
        {t("retry")}
      </button>
    </div>
  );
}
