// The Settings background-jobs panel: counts by state, the latest jobs and the dead letters, in the reader's
// language; an error is shown as text, never as markup.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { JobsPanel } from "@/app/(dashboard)/settings/_components/jobs-panel";
import { settingsMessages } from "@/lib/i18n/sections/settings";
import type { JobsStatus } from "@/lib/jobs/status";

// The panel's button calls a server action; rendering it needs no server.
vi.mock("@/app/(dashboard)/settings/actions", () => ({ retryDeadJobAction: vi.fn() }));

const status: JobsStatus = {
  counts: { queued: 2, running: 1, retrying: 1, failed: 3 },
  recent: [
    {
      id: "a",
      queue: "sync",
      state: "active",
      retries: 0,
      subject: "full",
      createdAt: "2026-07-01T09:00:00.000Z",
      startedAt: "2026-07-01T09:00:01.000Z",
      finishedAt: null,
      startAfter: "2026-07-01T09:00:00.000Z",
      error: null,
    },
    {
      id: "b",
      queue: "deal-refresh",
      state: "retry",
      retries: 2,
      subject: "#7",
      createdAt: "2026-07-01T08:59:00.000Z",
      startedAt: "2026-07-01T08:59:01.000Z",
      finishedAt: null,
      startAfter: "2026-07-01T09:01:00.000Z",
      error: "PORTAL_UNAVAILABLE: <b>503</b>",
    },
  ],
  dead: [
    {
      id: "c",
      queue: "facts-rebuild",
      subject: null,
      error: "CREDENTIALS: cannot decrypt",
      deadAt: "2026-07-01T08:00:00.000Z",
    },
  ],
};

const html = (locale: "ru" | "en", jobs = status) =>
  renderToStaticMarkup(
    createElement(JobsPanel, {
      portalId: 1,
      jobs,
      t: settingsMessages[locale],
      at: (iso: string) => iso.slice(11, 16),
    }),
  );

describe("JobsPanel", () => {
  it("shows counts by state, the latest jobs and the dead letters with a button to send one again (ru)", () => {
    const out = html("ru");
    expect(out).toContain("Фоновые задачи");
    expect(out).toMatch(/в очереди: <span[^>]*>2</);
    expect(out).toMatch(/выполняются: <span[^>]*>1</);
    expect(out).toMatch(/ждут повтора: <span[^>]*>1</);
    expect(out).toMatch(/не удались: <span[^>]*>3</);
    expect(out).toContain("Синхронизация · полная");
    expect(out).toContain("Обновление сделки #7");
    expect(out).toContain("ждёт повтора · 09:01");
    expect(out).toContain("Пересчёт показателей");
    expect(out).toContain("CREDENTIALS: cannot decrypt");
    expect(out).toContain("Отправить снова");
  });

  it("speaks English, and renders an error's text inert", () => {
    const out = html("en");
    expect(out).toContain("Background jobs");
    expect(out).toContain("Deal refresh #7");
    expect(out).toContain("Send again");
    expect(out).toContain("&lt;b&gt;503&lt;/b&gt;");
    expect(out).not.toContain("<b>503</b>");
  });

  it("says so when there are no jobs and no dead letters", () => {
    const out = html("en", {
      counts: { queued: 0, running: 0, retrying: 0, failed: 0 },
      recent: [],
      dead: [],
    });
    expect(out).toContain("No jobs yet.");
    expect(out).toContain("No job has used up its tries.");
    expect(out).not.toContain("Send again");
  });
});
