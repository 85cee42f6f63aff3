/**
 * Generator time: whole minutes since the Unix epoch (UTC). Each minute carries a fixed pseudo-random second,
 * so rendered times look natural while equal minutes render to the very same (cached, shared) string — that
 * keeps millions of records cheap in memory and makes "same instant" comparisons exact.
 */
import { formatDateField, formatDateTime, normalizeOffset, offsetMinutes } from "../wire";
import type { Rng } from "./random";

export const MINUTES_PER_DAY = 1440;

function secondOf(minute: number): number {
  return ((Math.imul(minute, 0x9e3779b1) >>> 0) >>> 7) % 60;
}

function isoDay(localDay: number): string {
  return new Date(localDay * 86_400_000).toISOString().slice(0, 10);
}

export class Clock {
  readonly offset: string;
  readonly offsetMin: number;
  /** "now" in minutes; every generated past event is at most nowMin - 1. */
  readonly nowMin: number;
  /** First minute of the two-year window. */
  readonly startMin: number;
  /** Lowest minute any generated record may carry (sort base for the event columns). */
  readonly base: number;
  private readonly cache: (string | undefined)[] = [];
  private readonly dayCache = new Map<number, string>();

  constructor(nowIso: string, offset: string, days: number) {
    this.offset = normalizeOffset(offset);
    this.offsetMin = offsetMinutes(offset);
    const nowMs = Date.parse(nowIso);
    if (Number.isNaN(nowMs)) throw new Error(`bad now: ${nowIso}`);
    this.nowMin = Math.floor(nowMs / 60_000);
    this.startMin = this.nowMin - days * MINUTES_PER_DAY;
    this.base = this.startMin - 400 * MINUTES_PER_DAY;
  }

  /** Datetime wire string of a minute, e.g. "2025-03-04T10:17:42+03:00". */
  dt(minute: number): string {
    const i = minute - this.base;
    const hit = this.cache[i];
    if (hit !== undefined) return hit;
    const s = formatDateTime(new Date((minute * 60 + secondOf(minute)) * 1000), this.offset);
    if (i >= 0 && i < 4_000_000) this.cache[i] = s;
    return s;
  }

  /** `date` field wire string (midnight-UTC rule) of the portal-local calendar day containing `minute`. */
  date(minute: number): string {
    const day = this.localDay(minute);
    let s = this.dayCache.get(day);
    if (s === undefined) {
      s = formatDateField(isoDay(day), this.offset);
      this.dayCache.set(day, s);
    }
    return s;
  }

  /** Portal-local day number (days since 1970-01-01 local). */
  localDay(minute: number): number {
    return Math.floor((minute + this.offsetMin) / MINUTES_PER_DAY);
  }

  /** Minute of the portal-local day, 0..1439. */
  minuteOfDay(minute: number): number {
    return (((minute + this.offsetMin) % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  }

  /** 0 = Sunday … 6 = Saturday, portal-local. */
  weekday(minute: number): number {
    return (this.localDay(minute) + 4) % 7;
  }

  /** 1..12, portal-local. */
  month(minute: number): number {
    return new Date((minute + this.offsetMin) * 60_000).getUTCMonth() + 1;
  }

  /** First minute (UTC minute number) of a portal-local day. */
  dayStart(localDay: number): number {
    return localDay * MINUTES_PER_DAY - this.offsetMin;
  }

  /** Moves a minute into working time (Mon–Fri 09:00–19:30 local); minutes already inside stay put. */
  toWork(minute: number, rng: Rng): number {
    const wd = this.weekday(minute);
    const mod = this.minuteOfDay(minute);
    if (wd !== 0 && wd !== 6 && mod >= 540 && mod < 1170) return minute;
    let day = this.localDay(minute);
    if (mod >= 540) day++;
    for (;;) {
      const w = (day + 4) % 7;
      if (w !== 0 && w !== 6) break;
      day++;
    }
    return this.dayStart(day) + 540 + rng.int(0, 240);
  }
}
