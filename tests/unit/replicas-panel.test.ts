// The Settings replica panel: each replica's state and lag in the reader's language, and where reads go.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ReplicaPanel } from "@/app/(dashboard)/settings/_components/replica-panel";
import type { ReplicaReport } from "@/lib/replicas/set";

const replica = (name: string, over: Partial<ReplicaReport["replicas"][number]> = {}) => ({
  name,
  state: "healthy" as const,
  lagMs: 0,
  lagBytes: 0,
  error: null,
  checkedAt: "2026-07-01T09:00:00.000Z",
  ...over,
});

const html = (report: ReplicaReport, locale: "ru" | "en" = "ru") =>
  renderToStaticMarkup(createElement(ReplicaPanel, { report, locale }));

describe("ReplicaPanel", () => {
  it("names the replicas reads go to, with each one's lag", () => {
    const out = html({
      maxLagMs: 5000,
      checkMs: 1000,
      replicas: [
        replica("10.0.0.2:5432/losslens", { lagMs: 12, lagBytes: 4096 }),
        replica("10.0.0.3:5432/losslens", { state: "lagging", lagMs: 12_500, lagBytes: 1_048_576 }),
      ],
      readsTo: ["10.0.0.2:5432/losslens"],
    });
    expect(out).toContain("Отчёты читают с реплик: 10.0.0.2:5432/losslens");
    expect(out).toContain("в норме");
    expect(out).toContain("отстаёт");
    expect(out).toContain("читаем отсюда");
    expect(out).toMatch(/12\s500/); // lag in ms, formatted for ru
    expect(out).toMatch(/1\s048\s576/);
  });

  it("says reads go to the primary when every replica is skipped, with the error code of a down one", () => {
    const out = html(
      {
        maxLagMs: 5000,
        checkMs: 1000,
        replicas: [
          replica("10.0.0.2:5432/losslens", {
            state: "down",
            lagMs: null,
            lagBytes: null,
            error: "ECONNREFUSED",
          }),
        ],
        readsTo: [],
      },
      "en",
    );
    expect(out).toContain("Every replica is skipped: reports read from the primary.");
    expect(out).toContain("down");
    expect(out).toContain("ECONNREFUSED");
    expect(out).not.toContain("reading here");
  });
});
