import type { Metadata } from "next";
import { connection } from "next/server";
import { getFormatter, getTranslations } from "next-intl/server";
import { getDb } from "@/db";
import { ROLES } from "@/db/schema";
import { requireRole } from "@/lib/auth/guards";
import { type B24UserOption, listB24UserOptions, listUsers } from "@/lib/auth/users";
import { ActionForm } from "./_components/action-form";
import { createUserAction, linkManagerAction, setDisabledAction, setRoleAction } from "./actions";

export const metadata: Metadata = { title: "Пользователи · LossLens" };

const ROLE_KEY = { admin: "roleAdmin", director: "roleDirector", manager: "roleManager" } as const;
const input = "rounded-md border border-gray-300 px-3 py-1.5 text-sm";
const ROW = "flex flex-wrap items-center gap-2";

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
  const fieldLabels = { email: t("email"), name: t("name"), role: t("role"), password: t("password") };

  return (
    <div className="mx-auto max-w-6xl space-y-8 px-6 py-8">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>

      <section
        aria-labelledby="create-user"
        className="rounded-lg border border-gray-200 bg-white p-6 shadow-sm"
      >
        <h2 id="create-user" className="text-lg font-medium">
          {t("createTitle")}
        </h2>
        <ActionForm
          action={createUserAction}
          submitLabel={t("create")}
          successLabel={t("created")}
          fieldLabels={fieldLabels}
          resetOnSuccess
          className="mt-4"
          rowClassName="flex flex-wrap items-end gap-3"
          buttonClassName="rounded-md bg-blue-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-blue-700"
        >
          <label className="flex flex-col text-sm text-gray-700">
            {t("email")}
            <input name="email" type="email" required maxLength={200} autoComplete="off" className={input} />
          </label>
          <label className="flex flex-col text-sm text-gray-700">
            {t("name")}
            <input name="name" required maxLength={100} autoComplete="off" className={input} />
          </label>
          <label className="flex flex-col text-sm text-gray-700">
            {t("role")}
            <select name="role" defaultValue="manager" className={input}>
              {roleOptions}
            </select>
          </label>
          <label className="flex flex-col text-sm text-gray-700">
            {t("password")}
            <input
              name="password"
              type="password"
              required
              minLength={10}
              autoComplete="new-password"
              className={input}
            />
          </label>
        </ActionForm>
        <p className="mt-2 text-xs text-gray-500">{t("passwordHint")}</p>
      </section>

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
            {users.map((u) => {
              const self = u.id === viewer.id;
              const current =
                u.portalId !== null && u.b24UserId !== null ? `${u.portalId}:${u.b24UserId}` : "";
              return (
                <tr key={u.id} className={u.disabled ? "bg-gray-50 text-gray-500" : undefined}>
                  <td className="px-4 py-3 align-top">
                    <p className="font-medium">
                      {u.name}
                      {self && <span className="ml-2 text-xs font-normal text-gray-400">({t("you")})</span>}
                    </p>
                    <p className="text-gray-500">{u.email}</p>
                    <p className="mt-1 text-xs text-gray-400">
                      {t("lastLogin")}:{" "}
                      {u.lastLoginAt
                        ? format.dateTime(u.lastLoginAt, { dateStyle: "medium", timeStyle: "short" })
                        : t("never")}
                    </p>
                  </td>
                  <td className="px-4 py-3 align-top">
                    <ActionForm
                      action={setRoleAction}
                      submitLabel={t("save")}
                      successLabel={t("saved")}
                      ariaLabel={`${t("role")}: ${u.email}`}
                      rowClassName={ROW}
                      resetOnError
                    >
                      <input type="hidden" name="userId" value={u.id} />
                      <select
                        name="role"
                        defaultValue={u.role}
                        aria-label={`${t("role")}: ${u.email}`}
                        className={input}
                      >
                        {roleOptions}
                      </select>
                    </ActionForm>
                  </td>
                  <td className="px-4 py-3 align-top">
                    {portals.length === 0 && !current ? (
                      <span className="text-gray-400">—</span>
                    ) : (
                      <ActionForm
                        action={linkManagerAction}
                        submitLabel={t("save")}
                        successLabel={t("saved")}
                        ariaLabel={`${t("link")}: ${u.email}`}
                        rowClassName={ROW}
                        resetOnError
                      >
                        <input type="hidden" name="userId" value={u.id} />
                        <select
                          name="link"
                          defaultValue={current}
                          aria-label={`${t("link")}: ${u.email}`}
                          className={`${input} w-48`}
                        >
                          <option value="">{t("linkNone")}</option>
                          {current && !optionName.has(current) && (
                            <option value={current}>#{u.b24UserId}</option>
                          )}
                          {portals.map((p) => (
                            <optgroup key={p.portalId} label={p.domain}>
                              {p.users.map((o) => (
                                <option key={o.b24UserId} value={`${o.portalId}:${o.b24UserId}`}>
                                  {o.name}
                                </option>
                              ))}
                            </optgroup>
                          ))}
                        </select>
                      </ActionForm>
                    )}
                    {u.role === "manager" && !current && (
                      <p className="mt-1 text-xs text-amber-700">{t("unlinkedManager")}</p>
                    )}
                  </td>
                  <td className="px-4 py-3 align-top">
                    <p className={u.disabled ? "text-red-700" : "text-green-700"}>
                      {u.disabled ? t("disabled") : t("active")}
                    </p>
                    {!self && (
                      <ActionForm
                        action={setDisabledAction}
                        submitLabel={u.disabled ? t("enable") : t("disable")}
                        className="mt-1"
                        ariaLabel={`${t("status")}: ${u.email}`}
                      >
                        <input type="hidden" name="userId" value={u.id} />
                        <input type="hidden" name="disabled" value={String(!u.disabled)} />
                      </ActionForm>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function groupByPortal(options: B24UserOption[]) {
  const groups: { portalId: number; domain: string; users: B24UserOption[] }[] = [];
  for (const o of options) {
    const last = groups.at(-1);
    if (last?.portalId === o.portalId) last.users.push(o);
    else groups.push({ portalId: o.portalId, domain: o.portalDomain, users: [o] });
  }
  return groups;
}
