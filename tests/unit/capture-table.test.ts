/**
 * The Managers report's capture table (lib/reports/tables/capture.ts) on a small hand-made report: the page and the
 * CSV share its columns, every manager's number opens the deals behind it, and the median and total rows link
 * nowhere.
 */
import { describe, expect, it } from "vitest";
import type { CaptureDto } from "@/lib/analytics/capture";
import type { ManagersDto } from "@/lib/analytics/managers";
import { captureTable } from "@/lib/reports/tables/capture";
import { csvTable, screenTable } from "@/lib/reports/tables/table";
import type { Slice } from "@/lib/url-state/slice";

const drill = (s: Slice) =>
  `/deals?${new URLSearchParams(Object.entries(s).map(([k, v]) => [k, String(v)]))}`;

const capture: CaptureDto = {
  rows: [
    {
      managerId: 7,
      name: "Анна",
      lost: 4,
      ok: 1,
      quality: 0.25,
      parts: {
        no_reason: { count: 1, share: 0.25 },
        generic: { count: 0, share: 0 },
        no_comment: { count: 3, share: 0.75 },
        contradicts: { count: 1, share: 0.25 },
      },
    },
    {
      managerId: null,
      name: null,
      lost: 1,
      ok: 1,
      quality: 1,
      parts: {
        no_reason: { count: 0, share: 0 },
        generic: { count: 0, share: 0 },
        no_comment: { count: 0, share: 0 },
        contradicts: { count: 0, share: 0 },
      },
    },
  ],
  teamMedian: { lost: 4, quality: 0.25, no_reason: 0.25, generic: 0, no_comment: 0.75, contradicts: 0.25 },
  total: {
    lost: 5,
    ok: 2,
    quality: 0.4,
    parts: {
      no_reason: { count: 1, share: 0.2 },
      generic: { count: 0, share: 0 },
      no_comment: { count: 3, share: 0.6 },
      contradicts: { count: 1, share: 0.2 },
    },
  },
};
const data = { capture } as ManagersDto;

describe("the capture table", () => {
  it("writes the figure and each part's count and share to the CSV", () => {
    const file = csvTable(captureTable(data, "en"), "RUB");
    expect(file.columns.map((c) => c.header)).toEqual([
      "Manager",
      "Lost",
      "Capture quality",
      "No reason",
      "No reason, share",
      "Generic reason",
      "Generic reason, share",
      "No comment",
      "No comment, share",
      "Comment contradicts reason",
      "Comment contradicts reason, share",
    ]);
    expect(file.rows).toEqual([
      ["Анна", 4, 0.25, 1, 0.25, 0, 0, 3, 0.75, 1, 0.25],
      ["No responsible user", 1, 1, 0, 0, 0, 0, 0, 0, 0, 0],
    ]);
  });

  it("links each manager's number to the deals behind it; the median and total rows link nowhere", () => {
    const page = screenTable(captureTable(data, "ru"), drill);
    expect(page.rows[0]?.links).toMatchObject({
      lost: "/deals?manager=7&outcome=lost",
      quality: "/deals?manager=7&capture=ok",
      no_comment: "/deals?manager=7&capture=no_comment",
      no_commentShare: "/deals?manager=7&capture=no_comment",
      contradicts: "/deals?manager=7&capture=contradicts",
    });
    expect(page.rows[1]?.links?.no_reason).toBe("/deals?manager=0&capture=no_reason");
    expect(
      page.footer?.map((r) => [r.id, r.values.manager, r.values.quality, r.values.no_comment, r.links]),
    ).toEqual([
      ["median", "Медиана команды", 0.25, null, undefined],
      ["total", "Вся команда", 0.4, 3, undefined],
    ]);
  });
});
