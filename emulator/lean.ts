/**
 * Lean snapshots (generatePortal({ lean: true })) leave the activity fields that are constant in generated
 * data (ACTIVITY_LEAN_DEFAULTS) out of every crm.activity.list row. A PortalState built with `lean: true`
 * serves them back: filters and sorts read the defaults, and each output row is rebuilt (a new object;
 * the shared frozen defaults are never mutated) with its keys in the order of a full generated row.
 */
import { ACTIVITY_LEAN_DEFAULTS } from "./generator/activities";
import type { RowDefaults } from "./table";

/** Key order of a full generated crm.activity.list row (§9.2); tests/emulator checks it against the generator. */
export const ACTIVITY_FIELD_ORDER: readonly string[] = Object.freeze([
  "ID",
  "OWNER_ID",
  "OWNER_TYPE_ID",
  "TYPE_ID",
  "PROVIDER_ID",
  "PROVIDER_TYPE_ID",
  "PROVIDER_GROUP_ID",
  "ASSOCIATED_ENTITY_ID",
  "SUBJECT",
  "CREATED",
  "LAST_UPDATED",
  "START_TIME",
  "END_TIME",
  "DEADLINE",
  "COMPLETED",
  "STATUS",
  "RESPONSIBLE_ID",
  "PRIORITY",
  "NOTIFY_TYPE",
  "NOTIFY_VALUE",
  "DESCRIPTION",
  "DESCRIPTION_TYPE",
  "DIRECTION",
  "LOCATION",
  "SETTINGS",
  "ORIGINATOR_ID",
  "ORIGIN_ID",
  "AUTHOR_ID",
  "EDITOR_ID",
  "PROVIDER_PARAMS",
  "PROVIDER_DATA",
  "RESULT_MARK",
  "RESULT_VALUE",
  "RESULT_SUM",
  "RESULT_CURRENCY_ID",
  "RESULT_STATUS",
  "RESULT_STREAM",
  "RESULT_SOURCE_ID",
  "AUTOCOMPLETE_RULE",
]);

export const ACTIVITY_ROW_DEFAULTS: RowDefaults = Object.freeze({
  values: ACTIVITY_LEAN_DEFAULTS,
  order: ACTIVITY_FIELD_ORDER,
});
