import type { getFormatter } from "next-intl/server";
import type { ReactNode } from "react";
import type { B24UserOption, listUsers } from "@/lib/auth/users";
import { linkManagerAction, setDisabledAction, setRoleAction } from "../actions";
import { ActionForm } from "./action-form";
import { INPUT, ROW, type UsersText } from "./styles";

export type UserListRow = Awaited<ReturnType<typeof listUsers>>[number];

/** The Bitrix24 users a LossLens user can be linked to, one group per portal. */
export interface PortalUsers {
  portalId: number;
  domain: string;
  users: B24UserOption[];
}

/** One user: who, role, Bitrix24 link, enabled or not — each changed by its own small form. */
export function UserRow({
  user: u,
  self,
  portals,
  optionName,
  roleOptions,
  t,
  format,
}: {
  user: UserListRow;
  self: boolean;
  portals: PortalUsers[];
  optionName: Map<string, string>;
  roleOptions: ReactNode;
  t: UsersText;
  format: Awaited<ReturnType<typeof getFormatter>>;
}) {
  const current = u.portalId !== null && u.b24UserId !== null ? `${u.portalId}:${u.b24UserId}` : "";
  return (
    <tr className={u.disabled ? "bg-gray-50 text-gray-500" : undefined}>
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
          <select name="role" defaultValue={u.role} aria-label={`${t("role")}: ${u.email}`} className={INPUT}>
            {roleOptions}
          </select>
        </ActionForm>
      </td>
      <td className="px-4 py-3 align-top">
        <LinkCell user={u} current={current} portals={portals} optionName={optionName} t={t} />
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
}

/** The Bitrix24 user this account is linked to ("portal:user"), or a dash when no portal has users. */
function LinkCell({
  user: u,
  current,
  portals,
  optionName,
  t,
}: {
  user: UserListRow;
  current: string;
  portals: PortalUsers[];
  optionName: Map<string, string>;
  t: UsersText;
}) {
  return (
    <>
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
            className={`${INPUT} w-48`}
          >
            <option value="">{t("linkNone")}</option>
            {current && !optionName.has(current) && <option value={current}>#{u.b24UserId}</option>}
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
    </>
  );
}
