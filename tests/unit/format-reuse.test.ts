/**
 * lib/format.ts reuses one Intl formatter per locale and option set: calls that differ only in options or locale
 * must still each get their own formatting, in any order.
 */
import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatMoney, formatNumber, formatPct } from "@/lib/format";

describe("reused formatters", () => {
  it("keep options and locales apart, in any order", () => {
    const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");
    for (let round = 0; round < 2; round++) {
      expect(nbsp(formatNumber(1234.567, "ru", 1))).toBe("1 234,6");
      expect(nbsp(formatNumber(1234.567, "ru", 2))).toBe("1 234,57");
      expect(formatNumber(1234.567, "en", 2)).toBe("1,234.57");
      expect(nbsp(formatMoney(1500, "ru", "RUB"))).toBe("1 500 ₽");
      expect(nbsp(formatMoney(1500, "ru", "EUR"))).toBe("1 500 €");
      expect(formatMoney(1500, "en", "USD")).toBe("$1,500");
      expect(formatPct(0.1234, "en", 1)).toBe("12.3%");
      expect(formatPct(0.1234, "en", 0)).toBe("12%");
      expect(formatDate("2026-10-05T10:00:00Z", "ru")).toBe("05.10.2026");
      expect(formatDate("2026-10-05T10:00:00Z", "en")).toBe("Oct 05, 2026");
      expect(formatDateTime("2026-10-05T10:00:00Z", "ru")).toBe("05.10.2026, 13:00");
    }
  });
});
