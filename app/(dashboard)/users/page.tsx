import type { Metadata } from "next";
import { connection } from "next/server";
import { getFormatter, getTranslations } from "next-intl/server";
import { getDb } from "@/db";
import { ROLES } from "@/db/schema";
import { requireRole } from "@/lib/auth/guards";
import { type B24UserOption, listB24UserOptions, listUsers } from "@/lib/auth/users";
import { CreateUserSection } from "./_components/create-user-section";
import { type PortalUsers, UserRow } from "./_components/user-row";

export const metadata: Metadata = { title: "Пользователи · LossLens" };

const ROLE_KEY = { admin: "roleAdmin", director: "roleDirector", manager: "roleManager" } as const;

export default async function UsersPage() {
  await connection();
  const viewer = await requireRole(["admin"], "/users");
  const t = await getTranslations("users");
  const tNav = await getTranslations("nav");
  const format = await getFormatter();
  const { db } = await getDb();
  const [users, options] = await Promise.all([listUsers(db), listB24UserOptions(db)]);
  const portals = groupByPortal(options);
  const optionName = new Map(options.map((o) => [`${o.portalId}:${o.b24UserId}`, o.name]));
  const roleOptions = ROLES.map((r) => (
    <option key={r} value={r}>
      {tNav(ROLE_KEY[r])}
    </option>
  ));

  return (
    <div className="mx-auto max-w-6xl space-y-8 px-6 py-8">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <CreateUserSection roleOptions={roleOptions} t={t} />
      <p className="text-sm text-gray-600">
        {t("linkHelp")}.{portals.length === 0 && ` ${t("noB24Users")}.`}
      </p>
      <section
        aria-label={t("title")}
        className="overflow-x-auto rounded-lg border border-gray-200 bg-white shadow-sm"
      >
        <table className="w-full text-left text-sm">
          <thead className="border-b border-gray-200 bg-gray-50 text-xs uppercase tracking-wide text-gray-500">
            <tr>
              <th className="px-4 py-3 font-medium">{t("user")}</th>
              <th className="px-4 py-3 font-medium">{t("role")}</th>
              <th className="px-4 py-3 font-medium" title={t("linkHelp")}>
                {t("link")}
              </th>
              <th className="px-4 py-3 font-medium">{t("status")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {users.map((u) => (
              <UserRow
                key={u.id}
                user={u}
                self={u.id === viewer.id}
                portals={portals}
                optionName={optionName}
                roleOptions={roleOptions}
                t={t}
                format={format}
              />
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function groupByPortal(options: B24UserOption[]): PortalUsers[] {
  const groups: PortalUsers[] = [];
  for (const o of options) {
    const last = groups.at(-1);
    if (last?.portalId === o.portalId) last.users.push(o);
    else groups.push({ portalId: o.portalId, domain: o.portalDomain, users: [o] });
  }
  return groups;
}
