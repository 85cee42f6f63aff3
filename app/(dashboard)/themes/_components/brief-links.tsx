import type { BriefText } from "@/lib/i18n/sections/brief";

const LINK = "rounded-md border border-gray-300 bg-white px-3 py-1 text-sm text-gray-700 hover:bg-gray-100";

/**
 * The content brief of every theme in view, as Markdown and as a Word document: plain download links to
 * /api/export/brief under the page's filters (the route re-checks the session, role and data scope).
 */
export function BriefLinks({ query, t }: { query: string; t: BriefText["download"] }) {
  const base = `/api/export/brief?${query}`;
  return (
    <div className="flex flex-wrap gap-2">
      <a href={base} download className={LINK}>
        {t.markdown}
      </a>
      <a href={`${base}${query ? "&" : ""}format=docx`} download className={LINK}>
        {t.docx}
      </a>
    </div>
  );
}
