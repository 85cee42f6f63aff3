/**
 * "Link expired / revoked / suspended" with HTTP 410 (a page cannot set that status, so the share page redirects here).
 * Re-checks the token itself: a working link goes back to the report, an unknown one gets 404.
 */
import { cookies } from "next/headers";
import { getDb } from "@/db";
import { redirectHere } from "@/lib/auth/redirect-response";
import { LOCALE_COOKIE, toLocale } from "@/lib/i18n/config";
import { shareMessages } from "@/lib/i18n/sections/share";
import { resolveShareLink } from "@/lib/share/links";

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

function page(status: number, lang: string, code: string, title: string, text: string): Response {
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="robots" content="noindex">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)} · LossLens</title></head>
<body style="margin:0;font-family:system-ui,sans-serif;background:#f9fafb;color:#111827">
<main style="max-width:36rem;margin:0 auto;padding:6rem 1.5rem;text-align:center">
<p style="font-size:3rem;font-weight:600;color:#d1d5db;margin:0">${code}</p>
<h1 style="font-size:1.5rem;font-weight:600;margin:1rem 0 0">${escapeHtml(title)}</h1>
<p style="color:#4b5563;margin-top:.5rem">${escapeHtml(text)}</p>
<p style="margin-top:2rem;color:#9ca3af;font-size:.875rem">LossLens</p></main></body></html>`;
  return new Response(html, {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}

export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const locale = toLocale((await cookies()).get(LOCALE_COOKIE)?.value);
  const t = shareMessages[locale];
  const { db } = await getDb();
  const res = await resolveShareLink(db, token, new Date());
  if (res.status === "ok") return redirectHere(`/share/${encodeURIComponent(token)}`);
  if (res.status === "not_found") return page(404, locale, "404", t.notFoundTitle, t.notFoundText);
  if (res.status === "suspended") return page(410, locale, "410", t.goneTitleSuspended, t.goneTextSuspended);
  const title = res.status === "expired" ? t.goneTitleExpired : t.goneTitleRevoked;
  return page(410, locale, "410", title, t.goneText);
}
