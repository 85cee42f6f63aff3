/**
 * CSV exports on the golden portal (tests/helpers/golden-portal.ts): the Stages table holds every pipeline in
 * view, named on each row, with both loss shares and the open deals (issue 13 item 4); the ";" file for Russian
 * Excel writes local "dd.mm.yyyy hh:mm" times and percentages, the "," file ISO instants and raw ratios (item 18).
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { portals } from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { getFilterLookups } from "@/lib/analytics/lookups";
import { connectWebhookPortal } from "@/lib/portals";
import type { ReportContext } from "@/lib/reports/context";
import { exportCsv } from "@/lib/reports/exports";
import { runSync } from "@/lib/sync/run";
import { parseFilters } from "@/lib/url-state/filters";
import { GOLDEN_REASON_FIELD, goldenPortal } from "../helpers/golden-portal";
import { createTestDb, type TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

const NOW = new Date("2026-07-01T12:00:00+03:00");
const settings = { lossReasonSource: "field_then_stage" as const, lossReasonField: GOLDEN_REASON_FIELD };

/** Rows of a CSV body as cells (no quoted separators in these tables). */
const table = (body: string, sep: string) =>
  body
    .replace(/^\uFEFF/, "")
    .trimEnd()
    .split("\r\n")
    .map((l) => l.split(sep));

let t: TestDb;
let emu: EmulatorHandle;
let base: Omit<ReportContext, "filters">;
const ctx = (q: string): ReportContext => ({
  ...base,
  filters: parseFilters(new URLSearchParams(q), NOW, { offset: "+03:00" }),
});

beforeAll(async () => {
  t = await createTestDb();
  emu = await startEmulator({ snapshot: goldenPortal(), port: 0, limits: { enabled: false } });
  const portal = await connectWebhookPortal(t.db, emu.webhookUrl);
  await t.db.update(portals).set({ settings }).where(eq(portals.id, portal.id));
  await runSync(t, portal.id, { mode: "full" });
  const scope = { portalId: portal.id, managerIds: null };
  base = {
    db: t.db,
    portal: { id: portal.id, domain: portal.domain, baseCurrency: "RUB", offset: "+03:00" },
    scope,
    lookups: await getFilterLookups(t.db, scope),
    locale: "ru",
  };
});
afterAll(async () => {
  await emu?.close();
  await t?.destroy();
});

describe("the Stages CSV", () => {
  it("holds every pipeline when none is chosen, each row naming its pipeline, with both shares", async () => {
    const file = await exportCsv(ctx("from=2026-01-01&to=2026-12-31"), "stages", "stages", {}, ",");
    const rows = table(file?.body ?? "", ",");
    expect(rows[0]?.slice(0, 2)).toEqual(["Воронка", "Стадия"]);
    expect(rows[0]).toContain("Доля всех потерь");
    expect(rows[0]).toContain("Открыто сейчас");
    const at = (name: string) => rows[0]?.indexOf(name) ?? -1;
    // Pipeline, stage, reached, lost at, share of pipeline, share of all, open now.
    const pick = (r: string[]) => [
      r[0],
      r[1],
      r[at("Дошли")],
      r[at("Проиграны на стадии")],
      r[at("Доля потерь воронки")],
      r[at("Доля всех потерь")],
      r[at("Открыто сейчас")],
    ];
    expect(rows.slice(1).map(pick)).toEqual([
      ["Продажи", "Новая", "3", "0", "0", "0", "0"],
      ["Продажи", "Квалификация", "3", "0", "0", "0", "1"],
      ["Продажи", "Коммерческое предложение", "3", "2", "0.5", String(2 / 6), "0"],
      ["Продажи", "Стадия неизвестна", "", "2", "0.5", String(2 / 6), ""],
      ["Тендеры", "Новая", "3", "1", "0.5", String(1 / 6), "0"],
      ["Тендеры", "Счёт на предоплату", "2", "1", "0.5", String(1 / 6), "0"],
      ["Тендеры", "Стадия неизвестна", "", "0", "0", "0", ""],
    ]);
  });

  it("for Russian Excel: shares as percentages with a decimal comma", async () => {
    const file = await exportCsv(ctx("from=2026-01-01&to=2026-12-31"), "stages", "stages", {}, ";");
    const rows = table(file?.body ?? "", ";");
    const offer = rows.find((r) => r[1] === "Коммерческое предложение");
    const i = rows[0]?.indexOf("Доля всех потерь") ?? -1;
    const j = rows[0]?.indexOf("Доля денег воронки") ?? -1;
    expect([offer?.[i], offer?.[j]]).toEqual(["33,33%", "88,89%"]);
  });
});

describe("the deals CSV", () => {
  it("«,» keeps ISO instants; «;» writes the portal's local dd.mm.yyyy hh:mm", async () => {
    const q = "from=2026-01-01&to=2026-12-31";
    const comma = table((await exportCsv(ctx(q), "deals", "deals", { deal: 2 }, ","))?.body ?? "", ",");
    const semi = table((await exportCsv(ctx(q), "deals", "deals", { deal: 2 }, ";"))?.body ?? "", ";");
    // The date is the column before the URL (the comment before it holds separators, quoted).
    expect([comma[0]?.at(-2), semi[0]?.at(-2)]).toEqual(["Дата", "Дата"]);
    // Deal 2 closed on 10 Feb 2026 at 15:00 Moscow time (12:00 UTC).
    expect(comma[1]?.at(-2)).toBe("2026-02-10T12:00:00.000Z");
    expect(semi[1]?.at(-2)).toBe("10.02.2026 15:00");
  });

  it("«;» writes the Managers loss rate as a percentage and the trend's weeks as local dates", async () => {
    const m = table((await exportCsv(ctx("period=all"), "managers", "managers", {}, ";"))?.body ?? "", ";");
    const rate = m[0]?.indexOf("Доля проигрышей") ?? -1;
    // Иванов: lost 3 (2, 5, 8) of 4 closed; Петрова: 3 (3, 4, 6) of 4.
    expect(m.slice(1, 3).map((r) => r[rate])).toEqual(["75%", "75%"]);
    const tr = table(
      (await exportCsv(ctx("from=2026-03-01&to=2026-04-30"), "overview", "trend", {}, ";"))?.body ?? "",
      ";",
    );
    // 61 days: weekly buckets, the first being the week of Monday 23 February.
    expect(tr[1]?.[0]).toBe("23.02.2026");
  });
});
