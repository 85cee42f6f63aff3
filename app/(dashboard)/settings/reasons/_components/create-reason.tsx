import type { ReasonsAdminText } from "@/lib/i18n/sections/reasons-admin";
import { createReasonAction } from "../actions";
import { InlineForm } from "./inline-form";

export const INPUT = "rounded-md border border-gray-300 bg-white px-2 py-1 text-sm";

/** A new canonical reason by name (the admin then maps raw reasons onto it). */
export function CreateReason({ t }: { t: ReasonsAdminText }) {
  return (
    <InlineForm action={createReasonAction} submit={t.createButton} okText={t.created} label={t.create}>
      <label className="sr-only" htmlFor="new-reason-name">
        {t.create}
      </label>
      <input
        id="new-reason-name"
        name="name"
        required
        maxLength={80}
        placeholder={t.create}
        className={`${INPUT} w-56 max-w-full`}
      />
    </InlineForm>
  );
}
