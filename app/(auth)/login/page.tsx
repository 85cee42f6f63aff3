import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db";
import { getViewer } from "@/lib/auth/guards";
import { countUsers } from "@/lib/auth/users";
import { safeNext } from "@/lib/auth/viewer";
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
  const raw = (await searchParams).next;
  const next = typeof raw === "string" ? safeNext(raw) : undefined;
  const viewer = await getViewer();
  if (viewer) redirect(next ?? (viewer.role === "manager" ? "/me" : "/overview"));
  const t = await getTranslations();
  return (
    <AuthCard title={t("auth.signInTitle")} subtitle={t("app.tagline")}>
      <LoginForm next={next} />
    </AuthCard>
  );
}
