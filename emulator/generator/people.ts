/** Users, departments and the sales managers' personas. */
import type { WireRecord } from "../snapshot";
import { FEMALE_NAMES, lastNameFor, MALE_NAMES, PATRONYMICS, translit } from "./banks";
import { type Clock, MINUTES_PER_DAY } from "./clock";
import type { Rng } from "./random";

export type Persona = "volume" | "depth" | "balanced" | "newHire";

export interface PersonaParams {
  dealWeight: number;
  lossMul: number;
  dwellMul: number;
  /** Expected activities per stage passed. */
  actRate: number;
  amountMul: number;
  stallPerStage: number;
  commentRate: number;
  /** Weights of call, email, meeting, to-do, task. */
  actMix: number[];
  /** Share of this manager's deals in the "Крупные клиенты" pipeline relative to the base share. */
  bigMul: number;
}

export const PERSONAS: Record<Persona, PersonaParams> = {
  volume: {
    dealWeight: 2.2,
    lossMul: 1.22,
    dwellMul: 0.75,
    actRate: 0.5,
    amountMul: 0.85,
    stallPerStage: 0.075,
    commentRate: 0.855,
    actMix: [0.72, 0.15, 0.02, 0.08, 0.03],
    bigMul: 0.5,
  },
  balanced: {
    dealWeight: 1,
    lossMul: 1,
    dwellMul: 1,
    actRate: 1.0,
    amountMul: 1,
    stallPerStage: 0.055,
    commentRate: 0.89,
    actMix: [0.5, 0.22, 0.08, 0.15, 0.05],
    bigMul: 1,
  },
  depth: {
    dealWeight: 0.55,
    lossMul: 0.7,
    dwellMul: 1.4,
    actRate: 2.1,
    amountMul: 1.6,
    stallPerStage: 0.035,
    commentRate: 0.95,
    actMix: [0.38, 0.24, 0.18, 0.15, 0.05],
    bigMul: 1.8,
  },
  newHire: {
    dealWeight: 1,
    lossMul: 1.3,
    dwellMul: 1,
    actRate: 1,
    amountMul: 0.9,
    stallPerStage: 0.05,
    commentRate: 0.85,
    actMix: [0.6, 0.2, 0.05, 0.12, 0.03],
    bigMul: 0.3,
  },
};

export interface Manager {
  userId: number;
  idStr: string;
  persona: Persona;
  params: PersonaParams;
  hireMin: number;
  /** Last minute the manager takes deals; Infinity while employed. */
  leaveMin: number;
  weight: number;
  /** Loses disproportionately on price. */
  priceBias: boolean;
  commentRate: number;
  /** Multiplies the pipeline's share of lost deals whose reason field gets filled. */
  reasonRate: number;
}

export interface People {
  userRows: WireRecord[];
  departmentRows: WireRecord[];
  managers: Manager[];
  /** User ids that may create deals on behalf of others (director, heads). */
  bosses: number[];
  idStr: (userId: number) => string;
}

const PATTERN: Persona[] = ["volume", "depth", "balanced", "volume", "depth", "volume", "balanced", "depth"];
const SALES_DEPTS = [
  "Отдел продаж Москва",
  "Отдел продаж Санкт-Петербург",
  "Отдел по работе с ключевыми клиентами",
  "Отдел продаж Новосибирск",
];

export function managerCount(deals: number): number {
  return Math.min(40, Math.max(8, Math.round(deals / 500)));
}

export function buildPeople(rng: Rng, clock: Clock, deals: number, domain: string): People {
  const m = managerCount(deals);
  const depts = m <= 12 ? 2 : m <= 24 ? 3 : 4;
  const users = new UserBook(rng, clock, domain);
  const day = MINUTES_PER_DAY;
  const recentLogin = () => clock.nowMin - rng.int(10, 4 * day);

  users.add("Коммерческий директор", 1, clock.startMin - 1500 * day, true, recentLogin());
  const heads: number[] = [];
  for (let d = 0; d < depts; d++) {
    const registered = clock.startMin - (1400 - d * 10) * day;
    heads.push(users.add("Руководитель отдела продаж", d + 2, registered, true, recentLogin()));
  }
  users.add("Маркетолог", 1, clock.startMin - 1000 * day, true, recentLogin());
  const managers = hireManagers(rng, clock, users, m - 1, depts, recentLogin);

  const hireMin = clock.nowMin - 24 * day;
  const newHire = users.add(
    "Менеджер по продажам",
    ((m - 1) % depts) + 2,
    hireMin - 2 * day,
    true,
    recentLogin(),
  );
  managers.push({
    userId: newHire,
    idStr: users.idStr(newHire),
    persona: "newHire",
    params: PERSONAS.newHire,
    hireMin,
    leaveMin: Number.POSITIVE_INFINITY,
    weight: 1,
    priceBias: false,
    commentRate: PERSONAS.newHire.commentRate,
    reasonRate: 0.9,
  });

  return {
    userRows: users.rows,
    departmentRows: departmentRows(depts, heads),
    managers,
    bosses: [1, ...heads],
    idStr: (userId: number) => users.idStr(userId),
  };
}

/** The regular sales team: personas in a fixed pattern, a quarter hired late, the first one dismissed. */
function hireManagers(
  rng: Rng,
  clock: Clock,
  users: UserBook,
  regular: number,
  depts: number,
  recentLogin: () => number,
): Manager[] {
  const day = MINUTES_PER_DAY;
  const managers: Manager[] = [];
  const lateFrom = Math.ceil(regular * 0.75);
  for (let i = 0; i < regular; i++) {
    const persona = PATTERN[i % PATTERN.length]!;
    const late = i >= lateFrom;
    const hireMin = late
      ? clock.startMin + (60 + (i - lateFrom) * 40) * day
      : clock.startMin - (900 - i * 25) * day;
    const dismissed = i === 0;
    const leaveMin = dismissed ? clock.nowMin - 270 * day : Number.POSITIVE_INFINITY;
    const userId = users.add(
      "Менеджер по продажам",
      (i % depts) + 2,
      hireMin - 2 * day,
      !dismissed,
      dismissed ? leaveMin : recentLogin(),
    );
    const params = PERSONAS[persona];
    managers.push({
      userId,
      idStr: users.idStr(userId),
      persona,
      params,
      hireMin,
      leaveMin,
      weight: params.dealWeight * (0.85 + rng.next() * 0.3),
      priceBias: i === 3,
      commentRate: i === 2 ? 0.65 : params.commentRate,
      // The manager who skips comments skips the reason field too; the careful ones seldom do.
      reasonRate: i === 2 ? 0.6 : persona === "depth" ? 1.1 : 1,
    });
  }
  return managers;
}

function departmentRows(depts: number, heads: number[]): WireRecord[] {
  const rows: WireRecord[] = [{ ID: "1", NAME: "Компания", SORT: 500, UF_HEAD: "1" }];
  for (let d = 0; d < depts; d++) {
    rows.push({
      ID: String(d + 2),
      NAME: SALES_DEPTS[d]!,
      SORT: 500 + (d + 1) * 10,
      PARENT: "1",
      UF_HEAD: String(heads[d]!),
    });
  }
  return rows;
}

/** user.get rows, numbered from 1, with unique Russian names and e-mails on the portal's domain. */
class UserBook {
  readonly rows: WireRecord[] = [];
  private readonly ids: string[] = [""];
  private readonly usedNames = new Set<string>();

  constructor(
    private readonly rng: Rng,
    private readonly clock: Clock,
    private readonly domain: string,
  ) {}

  idStr(userId: number): string {
    return this.ids[userId]!;
  }

  add(position: string, dept: number, registered: number, active: boolean, lastLogin: number): number {
    const { rng, clock } = this;
    const id = this.rows.length + 1;
    const female = rng.chance(0.45);
    let first = "";
    let last = "";
    for (let tries = 0; tries < 50; tries++) {
      first = female ? rng.pick(FEMALE_NAMES) : rng.pick(MALE_NAMES);
      last = lastNameFor(rng.int(0, 10_000), female);
      if (!this.usedNames.has(`${first} ${last}`)) break;
    }
    this.usedNames.add(`${first} ${last}`);
    const patronymic = rng.pick(PATRONYMICS)[female ? 1 : 0];
    const mail = `${translit(first).charAt(0)}.${translit(last)}@${this.domain.replace(/\.bitrix24\.ru$/, ".ru")}`;
    this.rows.push({
      ID: String(id),
      XML_ID: String(30_000 + id),
      ACTIVE: active,
      NAME: first,
      LAST_NAME: last,
      SECOND_NAME: patronymic,
      EMAIL: mail,
      LAST_LOGIN: clock.dt(lastLogin),
      DATE_REGISTER: clock.dt(registered),
      IS_ONLINE: "N",
      TIME_ZONE_OFFSET: "0",
      TIMESTAMP_X: clock.dt(Math.max(registered, lastLogin - 5 * MINUTES_PER_DAY)),
      LAST_ACTIVITY_DATE: clock.dt(lastLogin),
      PERSONAL_GENDER: female ? "F" : "M",
      PERSONAL_BIRTHDAY: "",
      PERSONAL_MOBILE: `+7 (9${rng.int(10, 99)}) ${rng.int(100, 999)}-${rng.int(10, 99)}-${rng.int(10, 99)}`,
      WORK_PHONE: "",
      WORK_POSITION: position,
      UF_EMPLOYMENT_DATE: clock.date(registered),
      UF_DEPARTMENT: [dept],
      USER_TYPE: "employee",
    });
    this.ids.push(String(id));
    return id;
  }
}
