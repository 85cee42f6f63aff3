/**
 * Base currency (bitrix24-api.md §9.4): crm.currency.list marks exactly the portal's base currency BASE "Y";
 * crm.currency.base.get names it and crm.currency.base.set moves it (answers per the method's docs: true, null
 * when already base, false for an unknown currency).
 */
import { afterEach, describe, expect, it } from "vitest";
import { PortalState } from "@/emulator/state";
import { tzPortal } from "../helpers/tz-portal";
import { call, type Emu, start, tiny } from "./helpers";

type Currency = { CURRENCY: string; BASE: string; AMOUNT: string; AMOUNT_CNT: string };
const list = async (emu: Emu) => (await call(emu, "crm.currency.list")).body.result as Currency[];

let emu: Emu | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const eurPortal = () =>
  tzPortal({
    offset: "+01:00",
    domain: "eur.bitrix24.de",
    baseCurrency: "EUR",
    foreign: { code: "RUB", amount: "1.0500", amountCnt: "100" },
  });

describe("base currency", () => {
  it("a EUR portal serves EUR as its only BASE row, and base.get names it", async () => {
    emu = await start(eurPortal());
    expect((await list(emu)).map((c) => `${c.CURRENCY}:${c.BASE}`)).toEqual(["EUR:Y", "RUB:N"]);
    expect((await call(emu, "crm.currency.base.get")).body.result).toBe("EUR");
    await emu.close();
    emu = await start(tiny());
    expect((await call(emu, "crm.currency.base.get")).body.result).toBe("RUB");
  });

  it("base.set moves the flag and gives the new base rate 1; null when already base; false when unknown", async () => {
    emu = await start(eurPortal());
    expect((await call(emu, "crm.currency.base.set", { id: "RUB" })).body.result).toBe(true);
    expect((await list(emu)).map((c) => [c.CURRENCY, c.BASE, c.AMOUNT, c.AMOUNT_CNT])).toEqual([
      ["EUR", "N", "1.0000", "1"],
      ["RUB", "Y", "1.0000", "1"],
    ]);
    expect((await call(emu, "crm.currency.base.get")).body.result).toBe("RUB");
    expect(emu.state.meta.baseCurrency).toBe("RUB");
    expect((await call(emu, "crm.currency.base.set", { id: "RUB" })).body.result).toBeNull();
    expect((await call(emu, "crm.currency.base.set", { id: "XYZ" })).body.result).toBe(false);
    const missing = await call(emu, "crm.currency.base.set", {});
    expect(missing.status).toBe(400);
    expect((await list(emu)).filter((c) => c.BASE === "Y").map((c) => c.CURRENCY)).toEqual(["RUB"]);
  });

  it("a snapshot whose list and portal.json disagree on the base currency does not load", () => {
    const snap = eurPortal();
    snap.portal.baseCurrency = "RUB";
    expect(() => new PortalState(snap)).toThrow(/marks \[EUR\] as base, portal.json says RUB/);
    const two = eurPortal();
    for (const c of two.lists["crm.currency.list"]) c.BASE = "Y";
    expect(() => new PortalState(two)).toThrow(/marks \[EUR, RUB\] as base/);
  });
});
