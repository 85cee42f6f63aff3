import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db";
import { countUsers } from "@/lib/auth/users";
import { AuthCard } from "../(auth)/_components/auth-card";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Первый запуск · LossLens" };

/** Exists only while there is no user at all; afterwards 404. */
export default async function SetupPage() {
  await connection();
  const { db } = await getDb();
  if ((await countUsers(db)) > 0) notFound();
  const t = await getTranslations("auth");
  return (
    <AuthCard title={t("setupTitle")} subtitle={t("setupHelp")}>
      <SetupForm />
    </AuthCard>
  );
}
