/** Client registry: companies and contacts, created lazily as deals need them, rendered to rows at the end. */
import type { WireRecord } from "../snapshot";
import {
  CONTACT_POSTS,
  companyTitle,
  EMPLOYEES,
  FEMALE_NAMES,
  INDUSTRIES,
  LAST_NAMES,
  lastNameFor,
  MALE_NAMES,
  PATRONYMICS,
} from "./banks";
import { IntColumn } from "./buffers";
import type { Clock } from "./clock";
import type { Rng } from "./random";

export const NO_WIN = 2_147_483_647;

export class Clients {
  /** Per client: company id (0 none), contact id (0 none), manager index, earliest won close, deal count. */
  readonly company = new IntColumn();
  readonly contact = new IntColumn();
  readonly manager = new IntColumn();
  readonly firstWin = new IntColumn();
  readonly dealCount = new IntColumn();

  readonly coTitle: string[] = [];
  readonly coCreated = new IntColumn();
  readonly coModified = new IntColumn();
  readonly coUser = new IntColumn();
  /** industry | employees << 4 | hasPhone << 8 | hasEmail << 9 */
  readonly coMeta = new IntColumn();

  readonly ctCreated = new IntColumn();
  readonly ctModified = new IntColumn();
  readonly ctUser = new IntColumn();
  readonly ctCompany = new IntColumn();
  /** female | first << 1 | patronymic << 7 | post << 12 | last << 16 */
  readonly ctName = new IntColumn();
  readonly ctSource = new IntColumn();

  /** ID strings shared by client rows and the deals that reference them. */
  private readonly coIds: string[] = [];
  private readonly ctIds: string[] = [];

  get size(): number {
    return this.company.length;
  }

  companyIdStr(id: number): string {
    let s = this.coIds[id - 1];
    if (s === undefined) {
      s = String(id);
      this.coIds[id - 1] = s;
    }
    return s;
  }

  contactIdStr(id: number): string {
    let s = this.ctIds[id - 1];
    if (s === undefined) {
      s = String(id);
      this.ctIds[id - 1] = s;
    }
    return s;
  }

  /**
   * A new client for a deal created at `t`. kind: 0 company + contact, 1 company only, 2 contact only.
   * Returns the client index.
   */
  add(rng: Rng, t: number, managerIndex: number, userId: number, kind: number, source: number): number {
    let companyId = 0;
    let contactId = 0;
    if (kind !== 2) {
      const prev = this.coCreated.length ? this.coCreated.get(this.coCreated.length - 1) : 0;
      const created = Math.max(prev, t - rng.int(5, 600));
      const female = rng.chance(0.35);
      const last = lastNameFor(rng.int(0, LAST_NAMES.length - 1), female);
      const first = female ? rng.pick(FEMALE_NAMES) : rng.pick(MALE_NAMES);
      const patronymic = rng.pick(PATRONYMICS)[female ? 1 : 0];
      const title = companyTitle(rng.u32(), rng.u32(), rng.u32(), last, `${first[0]}. ${patronymic[0]}.`);
      this.coTitle.push(title);
      this.coCreated.push(created);
      this.coModified.push(t);
      this.coUser.push(userId);
      this.coMeta.push(
        rng.int(0, INDUSTRIES.length - 1) |
          (rng.int(0, EMPLOYEES.length - 1) << 4) |
          ((rng.chance(0.9) ? 1 : 0) << 8) |
          ((rng.chance(0.7) ? 1 : 0) << 9),
      );
      companyId = this.coTitle.length;
    }
    if (kind !== 1) {
      const prev = this.ctCreated.length ? this.ctCreated.get(this.ctCreated.length - 1) : 0;
      const created = Math.max(prev, t - rng.int(1, 300));
      const female = rng.chance(0.45) ? 1 : 0;
      const first = rng.int(0, (female ? FEMALE_NAMES.length : MALE_NAMES.length) - 1);
      const post = companyId ? rng.int(0, CONTACT_POSTS.length - 1) : CONTACT_POSTS.length - 1;
      this.ctName.push(
        female |
          (first << 1) |
          (rng.int(0, PATRONYMICS.length - 1) << 7) |
          (post << 12) |
          (rng.int(0, LAST_NAMES.length - 1) << 16),
      );
      this.ctCreated.push(created);
      this.ctModified.push(t);
      this.ctUser.push(userId);
      this.ctCompany.push(companyId);
      this.ctSource.push(source);
      contactId = this.ctCreated.length;
    }
    this.company.push(companyId);
    this.contact.push(contactId);
    this.manager.push(managerIndex);
    this.firstWin.push(NO_WIN);
    this.dealCount.push(0);
    return this.company.length - 1;
  }

  /** Records a deal of the client (modify dates, win history). */
  touch(client: number, t: number, wonAt: number | null): void {
    this.dealCount.set(client, this.dealCount.get(client) + 1);
    if (wonAt !== null && wonAt < this.firstWin.get(client)) this.firstWin.set(client, wonAt);
    const co = this.company.get(client);
    if (co) this.coModified.set(co - 1, Math.max(this.coModified.get(co - 1), t));
    const ct = this.contact.get(client);
    if (ct) this.ctModified.set(ct - 1, Math.max(this.ctModified.get(ct - 1), t));
  }

  companyRows(clock: Clock, idStr: (id: number) => string): WireRecord[] {
    const rows: WireRecord[] = new Array(this.coTitle.length);
    for (let i = 0; i < this.coTitle.length; i++) {
      const meta = this.coMeta.get(i);
      const user = idStr(this.coUser.get(i));
      const modified = clock.dt(Math.min(this.coModified.get(i), clock.nowMin - 1));
      rows[i] = {
        ID: this.companyIdStr(i + 1),
        COMPANY_TYPE: "CUSTOMER",
        TITLE: this.coTitle[i]!,
        LOGO: null,
        LEAD_ID: null,
        HAS_PHONE: meta & 256 ? "Y" : "N",
        HAS_EMAIL: meta & 512 ? "Y" : "N",
        HAS_IMOL: "N",
        ASSIGNED_BY_ID: user,
        CREATED_BY_ID: user,
        MODIFY_BY_ID: user,
        BANKING_DETAILS: null,
        INDUSTRY: INDUSTRIES[meta & 15]!,
        REVENUE: null,
        CURRENCY_ID: "RUB",
        EMPLOYEES: EMPLOYEES[(meta >> 4) & 15]!,
        COMMENTS: null,
        DATE_CREATE: clock.dt(this.coCreated.get(i)),
        DATE_MODIFY: modified,
        OPENED: "Y",
        IS_MY_COMPANY: "N",
        ORIGINATOR_ID: null,
        ORIGIN_ID: null,
        ORIGIN_VERSION: null,
        ADDRESS: null,
        UTM_SOURCE: null,
        UTM_MEDIUM: null,
        UTM_CAMPAIGN: null,
        UTM_CONTENT: null,
        UTM_TERM: null,
        LAST_ACTIVITY_TIME: modified,
        LAST_ACTIVITY_BY: user,
      };
    }
    return rows;
  }

  contactRows(clock: Clock, idStr: (id: number) => string, sourceIds: string[]): WireRecord[] {
    const rows: WireRecord[] = new Array(this.ctCreated.length);
    for (let i = 0; i < this.ctCreated.length; i++) {
      const packed = this.ctName.get(i);
      const female = (packed & 1) === 1;
      const first = (female ? FEMALE_NAMES : MALE_NAMES)[(packed >> 1) & 63]!;
      const patronymic = PATRONYMICS[(packed >> 7) & 31]![female ? 1 : 0];
      const last = lastNameFor(packed >>> 16, female);
      const user = idStr(this.ctUser.get(i));
      const company = this.ctCompany.get(i);
      const modified = clock.dt(Math.min(this.ctModified.get(i), clock.nowMin - 1));
      rows[i] = {
        ID: this.contactIdStr(i + 1),
        POST: CONTACT_POSTS[(packed >> 12) & 15]!,
        COMMENTS: "",
        HONORIFIC: null,
        NAME: first,
        SECOND_NAME: patronymic,
        LAST_NAME: last,
        PHOTO: null,
        LEAD_ID: null,
        TYPE_ID: "CLIENT",
        SOURCE_ID: sourceIds[this.ctSource.get(i)]!,
        SOURCE_DESCRIPTION: null,
        COMPANY_ID: company ? this.companyIdStr(company) : null,
        BIRTHDATE: "",
        EXPORT: "Y",
        HAS_PHONE: "Y",
        HAS_EMAIL: i % 3 === 0 ? "N" : "Y",
        HAS_IMOL: "N",
        DATE_CREATE: clock.dt(this.ctCreated.get(i)),
        DATE_MODIFY: modified,
        ASSIGNED_BY_ID: user,
        CREATED_BY_ID: user,
        MODIFY_BY_ID: user,
        OPENED: "Y",
        ORIGINATOR_ID: null,
        ORIGIN_ID: null,
        ORIGIN_VERSION: null,
        FACE_ID: null,
        ADDRESS: null,
        UTM_SOURCE: null,
        UTM_MEDIUM: null,
        UTM_CAMPAIGN: null,
        UTM_CONTENT: null,
        UTM_TERM: null,
        LAST_ACTIVITY_TIME: modified,
        LAST_ACTIVITY_BY: user,
      };
    }
    return rows;
  }

  /** Short client label for deal titles. */
  label(client: number): string {
    const co = this.company.get(client);
    if (co) return this.coTitle[co - 1]!;
    const ct = this.contact.get(client);
    const packed = this.ctName.get(ct - 1);
    const female = (packed & 1) === 1;
    return `${lastNameFor(packed >>> 16, female)} ${(female ? FEMALE_NAMES : MALE_NAMES)[(packed >> 1) & 63]!}`;
  }
}
