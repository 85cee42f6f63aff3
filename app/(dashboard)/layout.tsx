import Link from "next/link";
import { connection } from "next/server";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import type { Role } from "@/db/schema";
import { requireViewer } from "@/lib/auth/guards";
import { setLocaleAction, signOutAction } from "@/lib/auth/session-actions";
import { REPORT_KINDS, REPORTS, type ReportKind } from "@/lib/reports/registry";
import { NavLink } from "./_components/nav-link";

type NavKey = ReportKind | "me" | "sharedLinks" | "comments" | "themes" | "settings" | "users" | "audit";

/**
 * Links are hidden from roles that may not open them; each page still checks the role itself (the reports' roles
 * are the registry's, the same the loader checks). `carry`: a view under the same filters, so the link keeps them.
 */
const NAV: { href: string; key: NavKey; roles: readonly Role[]; carry?: boolean }[] = [
  { href: "/me", key: "me", roles: ["manager"], carry: true },
  ...REPORT_KINDS.map((k) => ({ href: `/${k}`, key: k, roles: REPORTS[k].roles, carry: true })),
  { href: "/comments", key: "comments", roles: ["admin", "director", "manager"], carry: true },
  { href: "/themes", key: "themes", roles: ["admin", "director", "manager"], carry: true },
  { href: "/shared-links", key: "sharedLinks", roles: ["admin", "director", "manager"] },
  { href: "/settings", key: "settings", roles: ["admin"] },
  { href: "/users", key: "users", roles: ["admin"] },
  { href: "/audit", key: "audit", roles: ["admin"] },
];

const ROLE_KEY = { admin: "roleAdmin", director: "roleDirector", manager: "roleManager" } as const;

/** The signed-in shell: every page under (dashboard) renders inside it, and nobody signed out gets past it. */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  await connection();
  const viewer = await requireViewer();
  const t = await getTranslations("nav");
  const tAuth = await getTranslations("auth");
  const tLocale = await getTranslations("locale");
  const locale = await getLocale();
  return (
    <div className="flex min-h-screen flex-col bg-gray-50 md:flex-row">
      {/* A top bar on phones (links scroll sideways), a sidebar from 768 px. */}
      <aside className="flex w-full shrink-0 flex-col border-b border-gray-200 bg-white md:sticky md:top-0 md:h-screen md:w-60 md:border-r md:border-b-0">
        <Link href="/overview" className="px-4 pt-3 text-xl font-semibold tracking-tight md:px-6 md:pt-6">
          LossLens
        </Link>
        <nav
          aria-label={t("sections")}
          className="mt-2 flex gap-1 overflow-x-auto px-3 pb-2 md:mt-6 md:block md:flex-1 md:space-y-1 md:overflow-y-auto md:pb-0"
        >
          {NAV.filter((n) => n.roles.includes(viewer.role)).map((n) => (
            <NavLink key={n.href} href={n.href} label={t(n.key)} carry={n.carry} />
          ))}
        </nav>
        <section
          aria-label={t("account")}
          className="flex items-center gap-3 border-t border-gray-200 px-4 py-2 text-sm md:block md:px-6 md:py-4"
        >
          <p className="min-w-0 flex-1 truncate font-medium md:flex-none" title={viewer.name}>
            {viewer.name}
          </p>
          <p className="hidden truncate text-gray-500 md:block" title={viewer.email}>
            {viewer.email}
          </p>
          <p className="hidden text-xs uppercase tracking-wide text-gray-400 md:mt-1 md:block">
            {t(ROLE_KEY[viewer.role])}
          </p>
          <div className="flex items-center justify-between gap-2 md:mt-3">
            <form action={setLocaleAction}>
              <input type="hidden" name="locale" value={locale === "ru" ? "en" : "ru"} />
              <button
                type="submit"
                aria-label={`${t("language")}: ${tLocale("switchTo")}`}
                className="text-blue-700 underline hover:text-blue-900"
              >
                {tLocale("switchTo")}
              </button>
            </form>
            <form action={signOutAction}>
              <button
                type="submit"
                className="rounded-md border border-gray-300 px-3 py-1 text-gray-700 hover:bg-gray-100"
              >
                {tAuth("signOut")}
              </button>
            </form>
          </div>
        </section>
      </aside>
      <main className="min-w-0 flex-1">{children}</main>
    </div>
  );
}
