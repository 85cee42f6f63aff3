/** Activity kinds (crm.activity.list §9.2) and the column store that becomes activity rows. */
import type { WireRecord } from "../snapshot";
import {
  CALL_SUBJECTS_IN,
  CALL_SUBJECTS_OUT,
  EMAIL_BODIES,
  EMAIL_SUBJECTS,
  MEETING_LOCATIONS,
  MEETING_SUBJECTS,
  TODO_SUBJECTS,
} from "./banks";
import { IntColumn, timeOrder } from "./buffers";
import type { Clock } from "./clock";

export const KIND_CALL = 0;
export const KIND_EMAIL = 1;
export const KIND_MEETING = 2;
export const KIND_TODO = 3;
export const KIND_TASK = 4;

interface KindDef {
  typeId: string;
  providerId: string;
  providerTypeId: string;
}

const KINDS: KindDef[] = [
  { typeId: "2", providerId: "VOXIMPLANT_CALL", providerTypeId: "CALL" },
  { typeId: "4", providerId: "CRM_EMAIL", providerTypeId: "EMAIL" },
  { typeId: "1", providerId: "CRM_MEETING", providerTypeId: "MEETING" },
  { typeId: "6", providerId: "CRM_TODO", providerTypeId: "TODO" },
  { typeId: "3", providerId: "TASKS", providerTypeId: "TASK" },
];

/** All subjects in one pool; a kind draws from its slice. */
export const SUBJECTS: string[] = [
  ...CALL_SUBJECTS_OUT,
  ...CALL_SUBJECTS_IN,
  ...EMAIL_SUBJECTS,
  ...MEETING_SUBJECTS,
  ...TODO_SUBJECTS,
];
const CALL_IN_FROM = CALL_SUBJECTS_OUT.length;
const EMAIL_FROM = CALL_IN_FROM + CALL_SUBJECTS_IN.length;
const MEETING_FROM = EMAIL_FROM + EMAIL_SUBJECTS.length;
const TODO_FROM = MEETING_FROM + MEETING_SUBJECTS.length;

/** [from, count] of the subject slice for a kind and direction (1 incoming, 2 outgoing). */
export function subjectSlice(kind: number, direction: number): [number, number] {
  if (kind === KIND_CALL)
    return direction === 1 ? [CALL_IN_FROM, CALL_SUBJECTS_IN.length] : [0, CALL_IN_FROM];
  if (kind === KIND_EMAIL) return [EMAIL_FROM, EMAIL_SUBJECTS.length];
  if (kind === KIND_MEETING) return [MEETING_FROM, MEETING_SUBJECTS.length];
  return [TODO_FROM, TODO_SUBJECTS.length];
}

const DESCRIPTIONS = [
  "",
  ...EMAIL_BODIES.filter((b) => b !== ""),
  "Обсудили требования к внедрению",
  "Клиент просит скидку",
  "Договорились о следующем шаге",
  "Нужно согласовать с ЛПР",
];
/** Index of the first HTML (e-mail) description and how many there are. */
export const EMAIL_DESC: [number, number] = [1, EMAIL_BODIES.length - 1];
export const TEXT_DESC: [number, number] = [EMAIL_BODIES.length, 4];

const EMPTY_ARRAY: readonly never[] = Object.freeze([]);

/**
 * Fields whose value is the same on every generated activity. Lean snapshots leave them out to save ~120 bytes
 * per activity row; a server can merge these defaults back (`{ ...ACTIVITY_LEAN_DEFAULTS, ...row }`).
 */
export const ACTIVITY_LEAN_DEFAULTS: Readonly<WireRecord> = Object.freeze({
  PROVIDER_GROUP_ID: null,
  ASSOCIATED_ENTITY_ID: "0",
  SETTINGS: EMPTY_ARRAY,
  ORIGINATOR_ID: null,
  ORIGIN_ID: null,
  PROVIDER_PARAMS: EMPTY_ARRAY,
  PROVIDER_DATA: null,
  RESULT_MARK: "0",
  RESULT_VALUE: null,
  RESULT_SUM: null,
  RESULT_CURRENCY_ID: null,
  RESULT_STATUS: "0",
  RESULT_STREAM: "0",
  RESULT_SOURCE_ID: null,
  AUTOCOMPLETE_RULE: "0",
});

/** Column store of activities in generation order. */
export class ActivityColumns {
  readonly created = new IntColumn(4096);
  readonly start = new IntColumn(4096);
  readonly end = new IntColumn(4096);
  readonly deal = new IntColumn(4096);
  readonly responsible = new IntColumn(4096);
  /** kind | direction << 3 | completed << 5 | priority << 6 | subject << 8 | description << 16 | location << 24 */
  readonly meta = new IntColumn(4096);

  get length(): number {
    return this.created.length;
  }

  push(
    created: number,
    start: number,
    end: number,
    deal: number,
    responsible: number,
    kind: number,
    direction: number,
    completed: boolean,
    priority: number,
    subject: number,
    description: number,
    location: number,
  ): void {
    this.created.push(created);
    this.start.push(start);
    this.end.push(end);
    this.deal.push(deal);
    this.responsible.push(responsible);
    this.meta.push(
      kind |
        (direction << 3) |
        ((completed ? 1 : 0) << 5) |
        (priority << 6) |
        (subject << 8) |
        (description << 16) |
        (location << 24),
    );
  }

  /** Rows in CREATED order with ascending IDs. */
  rows(
    clock: Clock,
    base: number,
    dealIds: string[],
    idStr: (id: number) => string,
    lean: boolean,
  ): WireRecord[] {
    const order = timeOrder(this.created, base);
    const rows: WireRecord[] = new Array(order.length);
    // One scratch object refilled per row: the row literals below copy from it, so no per-row garbage.
    const f = emptyFields();
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      const meta = this.meta.get(i);
      const completed = ((meta >> 5) & 1) === 1;
      f.kind = KINDS[meta & 7]!;
      f.user = idStr(this.responsible.get(i));
      f.created = clock.dt(this.created.get(i));
      f.end = clock.dt(this.end.get(i));
      f.id = String(k + 1);
      f.owner = dealIds[this.deal.get(i)]!;
      f.subject = SUBJECTS[(meta >> 8) & 255]!;
      f.updated = completed ? f.end : f.created;
      f.start = clock.dt(this.start.get(i));
      f.done = completed ? "Y" : "N";
      f.status = completed ? "2" : "1";
      f.priority = String((meta >> 6) & 3);
      f.notifyType = completed ? "0" : "1";
      f.notifyValue = completed ? "0" : "15";
      f.description = DESCRIPTIONS[(meta >> 16) & 255]!;
      f.descriptionType = (meta & 7) === KIND_EMAIL ? "3" : "1";
      f.direction = String((meta >> 3) & 3);
      f.location = (meta & 7) === KIND_MEETING ? MEETING_LOCATIONS[(meta >> 24) & 7]! : "";
      rows[k] = lean ? leanRow(f) : fullRow(f);
    }
    return rows;
  }
}

/** One activity row's values, before they take the wire shape. */
interface ActivityFields {
  id: string;
  owner: string;
  kind: KindDef;
  subject: string;
  created: string;
  updated: string;
  start: string;
  end: string;
  done: string;
  status: string;
  user: string;
  priority: string;
  notifyType: string;
  notifyValue: string;
  description: string;
  descriptionType: string;
  direction: string;
  location: string;
}

function emptyFields(): ActivityFields {
  return {
    id: "",
    owner: "",
    kind: KINDS[0]!,
    subject: "",
    created: "",
    updated: "",
    start: "",
    end: "",
    done: "",
    status: "",
    user: "",
    priority: "",
    notifyType: "",
    notifyValue: "",
    description: "",
    descriptionType: "",
    direction: "",
    location: "",
  };
}

// Two literals (not a spread or a delete) so each variant keeps one compact hidden class.
function leanRow(f: ActivityFields): WireRecord {
  return {
    ID: f.id,
    OWNER_ID: f.owner,
    OWNER_TYPE_ID: "2",
    TYPE_ID: f.kind.typeId,
    PROVIDER_ID: f.kind.providerId,
    PROVIDER_TYPE_ID: f.kind.providerTypeId,
    SUBJECT: f.subject,
    CREATED: f.created,
    LAST_UPDATED: f.updated,
    START_TIME: f.start,
    END_TIME: f.end,
    DEADLINE: f.end,
    COMPLETED: f.done,
    STATUS: f.status,
    RESPONSIBLE_ID: f.user,
    PRIORITY: f.priority,
    NOTIFY_TYPE: f.notifyType,
    NOTIFY_VALUE: f.notifyValue,
    DESCRIPTION: f.description,
    DESCRIPTION_TYPE: f.descriptionType,
    DIRECTION: f.direction,
    LOCATION: f.location,
    AUTHOR_ID: f.user,
    EDITOR_ID: f.user,
  };
}

function fullRow(f: ActivityFields): WireRecord {
  return {
    ID: f.id,
    OWNER_ID: f.owner,
    OWNER_TYPE_ID: "2",
    TYPE_ID: f.kind.typeId,
    PROVIDER_ID: f.kind.providerId,
    PROVIDER_TYPE_ID: f.kind.providerTypeId,
    PROVIDER_GROUP_ID: null,
    ASSOCIATED_ENTITY_ID: "0",
    SUBJECT: f.subject,
    CREATED: f.created,
    LAST_UPDATED: f.updated,
    START_TIME: f.start,
    END_TIME: f.end,
    DEADLINE: f.end,
    COMPLETED: f.done,
    STATUS: f.status,
    RESPONSIBLE_ID: f.user,
    PRIORITY: f.priority,
    NOTIFY_TYPE: f.notifyType,
    NOTIFY_VALUE: f.notifyValue,
    DESCRIPTION: f.description,
    DESCRIPTION_TYPE: f.descriptionType,
    DIRECTION: f.direction,
    LOCATION: f.location,
    SETTINGS: EMPTY_ARRAY,
    ORIGINATOR_ID: null,
    ORIGIN_ID: null,
    AUTHOR_ID: f.user,
    EDITOR_ID: f.user,
    PROVIDER_PARAMS: EMPTY_ARRAY,
    PROVIDER_DATA: null,
    RESULT_MARK: "0",
    RESULT_VALUE: null,
    RESULT_SUM: null,
    RESULT_CURRENCY_ID: null,
    RESULT_STATUS: "0",
    RESULT_STREAM: "0",
    RESULT_SOURCE_ID: null,
    AUTOCOMPLETE_RULE: "0",
  };
}
