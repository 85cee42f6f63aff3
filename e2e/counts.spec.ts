import { expect, test } from "@playwright/test";
import { REPORT_KINDS } from "../lib/reports/registry";
import { PERIOD_PRESETS } from "../lib/url-state/period";
import { hostileSeed, prng, sample } from "../tests/helpers/seeded";
import { ensureAdmin, withAdminAndPortal } from "./support";

/**
 * Every count equals the deals its link opens (issue 13, item 5), as a property over every report and every period
 * preset: each report page is opened as the director, every drill-down link whose text is a plain count is read, and
 * a seeded sample of them is opened and its total compared. HOSTILE_SEED replays a sample; COUNTS_SAMPLE sets its
 * size per page (default 4).
 */
test.describe.configure({ mode: "serial" });
withAdminAndPortal();

const REPORTS = REPORT_KINDS;
const PRESETS = PERIOD_PRESETS.filter((p) => p !== "custom");
const SAMPLE = Number(process.env.COUNTS_SAMPLE ?? 4);

test("every count on every report, for every period preset, equals its drill-down's total", async ({
  page,
}) => {
  test.setTimeout(600_000);
  const rnd = prng(hostileSeed("counts"));
  await ensureAdmin(page);
  let checked = 0;
  const mismatches: string[] = [];
  for (const report of REPORTS) {
    for (const preset of PRESETS) {
      await page.goto(`/${report}?period=${preset}`);
      const links = await page.locator('main a[href^="/deals?"]').evaluateAll((as) =>
        as
          .map((a) => ({
            href: a.getAttribute("href") ?? "",
            text: (a.textContent ?? "").replace(/[\s\u00a0\u202f]/g, ""),
          }))
          .filter((l) => /^\d+$/.test(l.text)),
      );
      const picks = sample(links, SAMPLE, rnd);
      for (const l of picks) {
        const html = await (await page.request.get(l.href)).text();
        const total = /data-total="(\d+)"/.exec(html)?.[1];
        checked += 1;
        if (total !== l.text)
          mismatches.push(`${report} ${preset}: link says ${l.text}, opens ${total} — ${l.href}`);
      }
    }
  }
  expect(mismatches).toEqual([]);
  expect(checked).toBeGreaterThan(REPORTS.length * 3);
});
