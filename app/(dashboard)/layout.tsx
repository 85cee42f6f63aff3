import Link from "next/link";
import { connection } from "next/server";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import type { Role } from "@/db/schema";
import { requireViewer } from "@/lib/auth/guards";
import { setLocaleAction, signOutAction } from "@/lib/auth/session-actions";
import { NavLink } from "./_components/nav-link";

type NavKey =
  | "overview"
  | "me"
  | "sharedLinks"
  | "stages"
  | "reasons"
  | "managers"
  | "clients"
  | "strategies"
  | "comments"
  | "themes"
  | "settings"
  | "users"
  | "audit";

/** Links are hidden from roles that may not open them; each page still checks the role itself. */
const NAV: { href: string; key: NavKey; roles: readonly Role[] }[] = [
  { href: "/me", key: "me", roles: ["manager"] },
  { href: "/overview", key: "overview", roles: ["admin", "director", "manager"] },
  { href: "/stages", key: "stages", roles: ["admin", "director", "manager"] },
  { href: "/reasons", key: "reasons", roles: ["admin", "director", "manager"] },
  { href: "/managers", key: "managers", roles: ["admin", "director"] },
  { href: "/clients", key: "clients", roles: ["admin", "director", "manager"] },
  { href: "/strategies", key: "strategies", roles: ["admin", "director"] },
  { href: "/comments", key: "comments", roles: ["admin", "director", "manager"] },
  { href: "/themes", key: "themes", roles: ["admin", "director", "manager"] },
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
    <div className="flex min-h-screen bg-gray-50">
      <aside className="flex w-60 shrink-0 flex-col border-r border-gray-200 bg-white">
        <Link href="/overview" className="px-6 pt-6 text-xl font-semibold tracking-tight">
          LossLens
        </Link>
        <nav aria-label={t("sections")} className="mt-6 flex-1 space-y-1 px-3">
          {NAV.filter((n) => n.roles.includes(viewer.role)).map((n) => (
            <NavLink key={n.href} href={n.href} label={t(n.key)} />
          ))}
        </nav>
        <section aria-label={t("account")} className="border-t border-gray-200 px-6 py-4 text-sm">
          <p className="truncate font-medium" title={viewer.name}>
            {viewer.name}
          </p>
          <p className="truncate text-gray-500" title={viewer.email}>
            {viewer.email}
          </p>
          <p className="mt-1 text-xs uppercase tracking-wide text-gray-400">{t(ROLE_KEY[viewer.role])}</p>
          <div className="mt-3 flex items-center justify-between gap-2">
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
