"use client";

import { useActionState } from "react";
import type { SettingsText } from "@/lib/i18n/sections/settings";
import type { PortalView } from "@/lib/settings";
import { savePortalSettingsAction } from "../actions";

type State = Awaited<ReturnType<typeof savePortalSettingsAction>> | null;

const field = "mt-1 w-full rounded border border-gray-300 px-3 py-2 text-sm";

export function PortalSettingsForm({ portal, t }: { portal: PortalView; t: SettingsText }) {
  const [state, action, pending] = useActionState<State, FormData>(
    (_prev, form) => savePortalSettingsAction(form),
    null,
  );
  const s = portal.settings;
  return (
    <form action={action} className="mt-6 grid grid-cols-1 gap-4 md:grid-cols-2" aria-label={t.reasonTitle}>
      <input type="hidden" name="portalId" value={portal.id} />
      <ReasonSourceFieldset current={s.lossReasonSource} t={t} />
      <LossFieldSelects portal={portal} t={t} />
      <label className="text-sm font-medium">
        {t.margin}
        <input
          name="marginPercent"
          type="number"
          min={0}
          max={100}
          step="0.1"
          defaultValue={s.marginPercent ?? ""}
          className={field}
        />
      </label>
      <label className="text-sm font-medium">
        {t.interval}
        <input
          name="syncIntervalMinutes"
          type="number"
          min={0}
          max={1440}
          defaultValue={s.syncIntervalMinutes ?? 15}
          className={field}
        />
      </label>
      <label className="text-sm font-medium">
        {t.eventToken} ({portal.hasEventToken ? t.eventTokenSet : t.eventTokenUnset})
        <input name="eventToken" type="password" autoComplete="off" className={field} />
      </label>
      <label className="flex items-center gap-2 self-end text-sm">
        <input
          type="checkbox"
          name="commentsForAllDeals"
          value="true"
          defaultChecked={s.commentsForAllDeals ?? false}
        />
        {t.allComments}
      </label>
      <div className="flex items-center gap-3 md:col-span-2">
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-blue-600 px-4 py-2 text-sm font-medium text-white disabled:opacity-60"
        >
          {t.save}
        </button>
        {state?.ok && (
          <span role="status" className="text-sm text-green-700">
            {t.saved}
          </span>
        )}
        {state && !state.ok && (
          <span role="alert" className="text-sm text-red-700">
            {state.message}
          </span>
        )}
      </div>
    </form>
  );
}

/** Where a deal's loss reason is read from: its failure stage, a user field, or the field then the stage. */
function ReasonSourceFieldset({
  current,
  t,
}: {
  current: PortalView["settings"]["lossReasonSource"];
  t: SettingsText;
}) {
  return (
    <fieldset className="md:col-span-2">
      <legend className="text-sm font-medium">{t.reasonSource}</legend>
      <div className="mt-2 flex flex-wrap gap-4 text-sm">
        {(
          [
            ["stage", t.sourceStage],
            ["field", t.sourceField],
            ["field_then_stage", t.sourceFieldThenStage],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="flex items-center gap-2">
            <input type="radio" name="lossReasonSource" value={value} defaultChecked={current === value} />
            {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** The deal user fields that hold the loss reason and the loss comment. */
function LossFieldSelects({ portal, t }: { portal: PortalView; t: SettingsText }) {
  return (
    <>
      <label className="text-sm font-medium">
        {t.reasonField}
        <select name="lossReasonField" defaultValue={portal.settings.lossReasonField ?? ""} className={field}>
          <option value="">{t.none}</option>
          {portal.enumFields.map((f) => (
            <option key={f.name} value={f.name}>
              {f.label} ({f.options?.slice(0, 3).join(", ")}
              {(f.options?.length ?? 0) > 3 ? ", …" : ""})
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        {t.commentField}
        <select
          name="lossCommentField"
          defaultValue={portal.settings.lossCommentField ?? ""}
          className={field}
        >
          <option value="">{t.none}</option>
          {portal.textFields.map((f) => (
            <option key={f.name} value={f.name}>
              {f.label}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
