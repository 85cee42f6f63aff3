import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db";
import { isSignInFailure, listSignInPortals } from "@/lib/auth/bitrix24-signin";
import { listDemoLogins } from "@/lib/auth/demo-users";
import { getViewer } from "@/lib/auth/guards";
import { safeNext } from "@/lib/auth/redirects";
import { countUsers } from "@/lib/auth/users";
import { href } from "@/lib/url-state/params";
import { AuthCard } from "../_components/auth-card";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Вход · LossLens" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const { db } = await getDb();
  // An empty database has nobody to sign in as: the first start creates the admin.
  if ((await countUsers(db)) === 0) redirect("/setup");
  const params = await searchParams;
  const raw = params.next;
  // Judged once, here: the form, the Bitrix24 link and the signed-in redirect below all get the normalised path.
  const next = typeof raw === "string" ? safeNext(raw, "") || undefined : undefined;
  const viewer = await getViewer();
  if (viewer) redirect(next ?? (viewer.role === "manager" ? "/me" : "/overview"));
  const t = await getTranslations();
  // Only a known reason code is shown, as our own words: the query string itself is never rendered.
  const b24Error = isSignInFailure(params.b24error) ? params.b24error : null;
  const b24Portals = await listSignInPortals(db);
  const demoLogins = await listDemoLogins(db);
  return (
    <AuthCard title={t("auth.signInTitle")} subtitle={t("app.tagline")}>
      {b24Error && (
        <p role="alert" className="mt-6 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {t(`auth.b24Errors.${b24Error}`)}
        </p>
      )}
      <LoginForm next={next} />
      <DemoLogins logins={demoLogins} t={t} />
      <Bitrix24Links portals={b24Portals} next={next} t={t} />
    </AuthCard>
  );
}

type T = Awaited<ReturnType<typeof getTranslations>>;

const ROLE_WORD = {
  admin: "nav.roleAdmin",
  director: "nav.roleDirector",
  manager: "nav.roleManager",
} as const;

/** Demo mode only: people try the product before they read the console that printed these. */
function DemoLogins({ logins, t }: { logins: Awaited<ReturnType<typeof listDemoLogins>>; t: T }) {
  if (logins.length === 0) return null;
  return (
    <section aria-label={t("auth.demoTitle")} className="mt-6 rounded-md bg-amber-50 p-3 text-sm">
      <h2 className="font-medium text-amber-900">{t("auth.demoTitle")}</h2>
      <ul className="mt-2 space-y-1.5 text-xs text-amber-900">
        {logins.map((l) => (
          <li key={l.email}>
            <span className="text-amber-700">{t(ROLE_WORD[l.role])}: </span>
            <span className="font-mono break-all">{l.email}</span>
            {" / "}
            <span className="font-mono whitespace-nowrap">{l.password}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One "Sign in with Bitrix24" link per connected portal, carrying where to go afterwards. */
function Bitrix24Links(props: {
  portals: Awaited<ReturnType<typeof listSignInPortals>>;
  next: string | undefined;
  t: T;
}) {
  const { portals, next, t } = props;
  if (portals.length === 0) return null;
  const startHref = (portalId: number) =>
    href("/api/auth/bitrix24/start", {
      portal: portals.length > 1 ? String(portalId) : undefined,
      next,
    });
  return (
    <div className="mt-6">
      <div className="flex items-center gap-3 text-xs uppercase tracking-wide text-gray-400">
        <span className="h-px flex-1 bg-gray-200" />
        {t("auth.or")}
        <span className="h-px flex-1 bg-gray-200" />
      </div>
      <div className="mt-4 space-y-2">
        {portals.map((p) => (
          // A plain link, not next/link: the route answers with a redirect to the portal, never prefetched.
          <a
            key={p.id}
            href={startHref(p.id)}
            className="block w-full rounded-md border border-sky-600 px-4 py-2 text-center text-sm font-medium text-sky-700 hover:bg-sky-50"
          >
            {portals.length > 1
              ? t("auth.signInWithBitrix24Portal", { domain: p.domain })
              : t("auth.signInWithBitrix24")}
          </a>
        ))}
      </div>
    </div>
  );
}
