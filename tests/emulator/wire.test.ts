import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  dateFieldValue,
  formatDateField,
  formatDateTime,
  money,
  parseWireDate,
  phpJson,
} from "@/emulator/wire";
import { bigSnapshot, call, type Emu, rows, start, tiny } from "./helpers";

describe("§5.2 wire helpers", () => {
  it("formatDateTime renders in the portal offset with seconds precision", () => {
    expect(formatDateTime(new Date("2024-03-01T07:00:00.789Z"), "+03:00")).toBe("2024-03-01T10:00:00+03:00");
    expect(formatDateTime(new Date("2024-03-01T02:00:00Z"), "-05:00")).toBe("2024-02-29T21:00:00-05:00");
  });

  it("formatDateField: midnight UTC shown in the portal offset; negative offsets give the previous local day", () => {
    expect(formatDateField("2024-04-19", "+03:00")).toBe("2024-04-19T03:00:00+03:00");
    expect(formatDateField("2024-08-30", "+02:00")).toBe("2024-08-30T02:00:00+02:00");
    expect(formatDateField("2024-04-19", "-05:00")).toBe("2024-04-18T19:00:00-05:00");
    expect(dateFieldValue("2024-04-18T19:00:00-05:00")).toBe("2024-04-19");
  });

  it("parseWireDate: offsets are exact; offset-less and YYYY-MM-DD are portal time", () => {
    expect(parseWireDate("2024-03-01T10:00:00+03:00", "+00:00").toISOString()).toBe(
      "2024-03-01T07:00:00.000Z",
    );
    expect(parseWireDate("2024-03-01", "+03:00").toISOString()).toBe("2024-02-29T21:00:00.000Z");
    expect(parseWireDate("2024-03-01 10:00:00", "+03:00").toISOString()).toBe("2024-03-01T07:00:00.000Z");
    expect(parseWireDate("01.03.2024", "+03:00").toISOString()).toBe("2024-02-29T21:00:00.000Z");
    expect(Number.isNaN(parseWireDate("garbage", "+03:00").getTime())).toBe(true);
  });

  it("money has 2 decimals; phpJson escapes /", () => {
    expect(money(1000000)).toBe("1000000.00");
    expect(money(42000.5)).toBe("42000.50");
    expect(phpJson({ a: "x/y" })).toBe('{"a":"x\\/y"}');
  });
});

describe("§5.2 / §12.6 typing on the wire", () => {
  let emu: Emu;
  beforeAll(async () => {
    emu = await start(tiny());
  });
  afterAll(() => emu.close());

  it("legacy deal rows: strings for ids and money, Y/N flags, null references, '0' company, UF enum id string", async () => {
    const [won, lost, , reason] = rows(await call(emu, "crm.deal.list"));
    expect(won).toMatchObject({
      ID: "1",
      OPPORTUNITY: "150000.00",
      CLOSED: "Y",
      STAGE_SEMANTIC_ID: "S",
      COMPANY_ID: "1",
      LEAD_ID: null,
    });
    expect(lost).toMatchObject({ COMPANY_ID: "0", CONTACT_ID: null, OPPORTUNITY: "42000.50" });
    expect(reason).toMatchObject({ STAGE_ID: "APOLOGY", STAGE_SEMANTIC_ID: "F", UF_CRM_1715000000001: "45" });
    expect(won?.CLOSEDATE).toBe("2024-03-15T03:00:00+03:00");
    for (const v of Object.values(won ?? {})) expect(v === null || typeof v === "string").toBe(true);
  });

  it("user.get: ACTIVE is a JSON boolean and UF_DEPARTMENT an int array; department SORT int", async () => {
    const users = rows(await call(emu, "user.get"));
    expect(users.map((u) => u.ACTIVE)).toEqual([true, true, false]);
    expect(users[0]?.UF_DEPARTMENT).toEqual([1]);
    expect(rows(await call(emu, "department.get"))).toEqual([
      { ID: "1", NAME: "Sales", SORT: 500, UF_HEAD: "1" },
    ]);
    expect((await call(emu, "user.current")).body.result).toMatchObject({ ID: "1", NAME: "Anna" });
  });

  it("§5.3 crm.deal.fields is derived: standard types plus UF definitions with enumeration items", async () => {
    const f = (await call(emu, "crm.deal.fields")).body.result as Record<string, Record<string, unknown>>;
    expect(f.STAGE_ID).toMatchObject({ type: "crm_status", statusType: "DEAL_STAGE", isDynamic: false });
    expect(f.CLOSEDATE?.type).toBe("date");
    expect(f.DATE_MODIFY).toMatchObject({ type: "datetime", isReadOnly: true });
    expect(f.OPPORTUNITY?.type).toBe("double");
    expect(f.UF_CRM_1715000000001).toMatchObject({
      type: "enumeration",
      isDynamic: true,
      isMultiple: false,
      listLabel: "Loss reason",
      items: [
        { ID: "45", VALUE: "Too expensive" },
        { ID: "47", VALUE: "Chose competitor" },
      ],
    });
  });

  it("§5.3 crm.deal.userfield.list: LIST for enumerations, labels per filter[LANG]", async () => {
    const r = await call(emu, "crm.deal.userfield.list", { filter: { LANG: "ru" } });
    const uf = rows(r)[0]!;
    expect(uf).toMatchObject({
      FIELD_NAME: "UF_CRM_1715000000001",
      USER_TYPE_ID: "enumeration",
      MULTIPLE: "N",
      EDIT_FORM_LABEL: "Причина отказа",
    });
    expect((uf.LIST as { ID: string }[]).map((i) => i.ID)).toEqual(["45", "47"]);
    expect(r.body.total).toBe(1);
  });

  it("§6.1 crm.dealcategory.list excludes pipeline 0; §6.2 status rows CATEGORY_ID null and SORT string", async () => {
    expect((await call(emu, "crm.dealcategory.list")).body).toMatchObject({ result: [], total: 0 });
    const s = rows(
      await call(emu, "crm.status.list", { filter: { ENTITY_ID: "DEAL_STAGE", STATUS_ID: "WON" } }),
    )[0];
    expect(s).toMatchObject({
      CATEGORY_ID: null,
      SORT: "60",
      SEMANTICS: "S",
      EXTRA: { SEMANTICS: "success", COLOR: "#7BD500" },
    });
  });

  it("a negative portal offset renders date fields on the previous local day", async () => {
    const e = await start(bigSnapshot(1, { offset: "-05:00" }));
    try {
      const d = (await call(e, "crm.deal.get", { id: 1 })).body.result as Record<string, string>;
      expect(d.CLOSEDATE).toBe("2024-04-18T19:00:00-05:00");
      expect(((await call(e, "scope")).body.time as { date_start: string }).date_start).toMatch(/-05:00$/);
    } finally {
      await e.close();
    }
  });
});
