/**
 * Wire typing helpers shared by the emulator and the generator (bitrix24-api.md §5.2).
 * Datetimes are rendered in the portal's server offset with seconds precision; `date` fields use the
 * "midnight UTC shown in the portal offset" rule (CRestUtil::ConvertDate).
 */

/** "+03:00" → +180 (minutes east of UTC). Accepts "Z", "+0300", "+03". */
export function offsetMinutes(offset: string): number {
  if (offset === "Z" || offset === "") return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(offset.trim());
  if (!m) throw new Error(`bad offset: ${offset}`);
  const sign = m[1] === "-" ? -1 : 1;
  return sign * (Number(m[2]) * 60 + Number(m[3] ?? "0"));
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

/** Normalises "+0300"/"Z" to "+03:00". */
export function normalizeOffset(offset: string): string {
  const mins = offsetMinutes(offset);
  const abs = Math.abs(mins);
  return `${mins < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** 2024-03-01T07:00:00Z with "+03:00" → "2024-03-01T10:00:00+03:00" (milliseconds dropped). */
export function formatDateTime(d: Date, offset: string): string {
  const mins = offsetMinutes(offset);
  const local = new Date(Math.floor(d.getTime() / 1000) * 1000 + mins * 60_000);
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    normalizeOffset(offset)
  );
}

/** `date` field rule: "2024-04-19" in a "+03:00" portal → "2024-04-19T03:00:00+03:00"; "-05:00" → "2024-04-18T19:00:00-05:00". */
export function formatDateField(isoDate: string, offset: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!m) throw new Error(`bad date: ${isoDate}`);
  return formatDateTime(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))), offset);
}

/** The calendar date a wire `date` field stands for: parse, convert to UTC, take the UTC date. */
export function dateFieldValue(wire: string): string {
  return new Date(Date.parse(wire)).toISOString().slice(0, 10);
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?$/;
const RU_DATE = /^(\d{2})\.(\d{2})\.(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Parses a wire or filter date. Values with an offset (or Z) are exact instants; offset-less values,
 * `YYYY-MM-DD` and the site format `DD.MM.YYYY[ HH:MM:SS]` are taken in the portal offset.
 * Returns an Invalid Date for unparseable input.
 */
export function parseWireDate(s: string, offset: string): Date {
  const t = s.trim();
  const shift = offsetMinutes(offset) * 60_000;
  const n = (m: RegExpExecArray, i: number) => Number(m[i] ?? 0);
  let m = DATE_ONLY.exec(t);
  if (m) return new Date(Date.UTC(n(m, 1), n(m, 2) - 1, n(m, 3)) - shift);
  m = LOCAL_DT.exec(t);
  if (m) return new Date(Date.UTC(n(m, 1), n(m, 2) - 1, n(m, 3), n(m, 4), n(m, 5), n(m, 6)) - shift);
  m = RU_DATE.exec(t);
  if (m) return new Date(Date.UTC(n(m, 3), n(m, 2) - 1, n(m, 1), n(m, 4), n(m, 5), n(m, 6)) - shift);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(t))
    return new Date(Date.parse(t));
  return new Date(Number.NaN);
}

/** 1000000 → "1000000.00". */
export function money(n: number): string {
  return (Math.round(n * 100) / 100).toFixed(2);
}

/** JSON as PHP's json_encode writes it by default: `/` escaped as `\/` (only strings can contain `/`). */
export function phpJson(value: unknown): string {
  return JSON.stringify(value).replace(/\//g, "\\/");
}
