import type { ReactNode } from "react";
import { createUserAction } from "../actions";
import { ActionForm } from "./action-form";
import { INPUT, type UsersText } from "./styles";

/** The "new user" form: e-mail, name, role and a first password. */
export function CreateUserSection({ roleOptions, t }: { roleOptions: ReactNode; t: UsersText }) {
  const fieldLabels = { email: t("email"), name: t("name"), role: t("role"), password: t("password") };
  return (
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
          <input name="email" type="email" required maxLength={200} autoComplete="off" className={INPUT} />
        </label>
        <label className="flex flex-col text-sm text-gray-700">
          {t("name")}
          <input name="name" required maxLength={100} autoComplete="off" className={INPUT} />
        </label>
        <label className="flex flex-col text-sm text-gray-700">
          {t("role")}
          <select name="role" defaultValue="manager" className={INPUT}>
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
            className={INPUT}
          />
        </label>
      </ActionForm>
      <p className="mt-2 text-xs text-gray-500">{t("passwordHint")}</p>
    </section>
  );
}
