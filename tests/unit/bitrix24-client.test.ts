import { describe, expect, it } from "vitest";
import { LeakyBucket } from "@/lib/bitrix24/rate-limit";
import { toPortalTime } from "@/lib/bitrix24/wire";
import { maskWebhook, parseWebhookUrl } from "@/lib/portals";
import { toPlainText } from "@/lib/text";

describe("leaky bucket pacing (bitrix24-api.md §4)", () => {
  it("lets a burst through, then spaces requests at the drain rate", () => {
    let now = 0;
    const bucket = new LeakyBucket({ burst: 50, drainPerSec: 2 }, () => now);
    // One unit of headroom under the portal's 50: 49 requests go at once, the next waits one drain step.
    for (let i = 0; i < 49; i++) {
      expect(bucket.delayMs()).toBe(0);
      bucket.take();
    }
    expect(bucket.delayMs()).toBe(500);
    now += 10_000; // 20 units drained
    expect(bucket.delayMs()).toBe(0);
  });

  it("after a 503 assumes the bucket is full", () => {
    let now = 0;
    const bucket = new LeakyBucket({ burst: 50, drainPerSec: 2 }, () => now);
    bucket.markFull();
    expect(bucket.delayMs()).toBe(1000);
    now += 1000;
    expect(bucket.delayMs()).toBe(0);
  });
});

describe("incoming webhook URL", () => {
  it("accepts the documented shape, with or without a trailing method", () => {
    expect(parseWebhookUrl("https://acme.bitrix24.ru/rest/1/abc123def456/")).toEqual({
      base: "https://acme.bitrix24.ru/rest/1/abc123def456/",
      domain: "acme.bitrix24.ru",
      userId: 1,
      secret: "abc123def456",
    });
    expect(parseWebhookUrl(" https://acme.bitrix24.ru/rest/12/abc123def456/profile.json ").userId).toBe(12);
    expect(parseWebhookUrl("http://127.0.0.1:4500/rest/1/abc123def456").base).toBe(
      "http://127.0.0.1:4500/rest/1/abc123def456/",
    );
  });

  it.each([
    ["not a url"],
    ["http://acme.bitrix24.ru/rest/1/abc123def456/"],
    ["https://acme.bitrix24.ru/rest/abc123def456/"],
    ["https://acme.bitrix24.ru/crm/deal/"],
    ["https://user:pw@acme.bitrix24.ru/rest/1/abc123def456/"],
    ["javascript:alert(1)"],
  ])("refuses %s with INVALID_URL", (url) => {
    expect(() => parseWebhookUrl(url)).toThrow(expect.objectContaining({ code: "INVALID_URL" }));
  });

  it("masks the secret for display", () => {
    expect(maskWebhook(parseWebhookUrl("https://acme.bitrix24.ru/rest/1/abc123def456/"))).toBe(
      "acme.bitrix24.ru/rest/1/ab••••••56/",
    );
  });
});

describe("wire helpers", () => {
  it("writes instants in the portal's offset", () => {
    expect(toPortalTime(new Date("2024-03-01T07:00:00Z"), "+03:00")).toBe("2024-03-01T10:00:00+03:00");
    expect(toPortalTime(new Date("2024-03-01T02:00:00Z"), "-05:00")).toBe("2024-02-29T21:00:00-05:00");
  });

  it("reduces BB-code and HTML to plain text without executing anything", () => {
    expect(toPlainText("[B]Дорого[/B], [url=https://x.ru]сайт[/url]")).toBe("Дорого, сайт");
    expect(toPlainText("<p>Нет&nbsp;бюджета</p><script>alert(1)</script>")).toBe("Нет бюджетаalert(1)");
    expect(toPlainText(null)).toBe("");
  });
});
