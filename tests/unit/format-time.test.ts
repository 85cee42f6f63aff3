import { describe, expect, it } from "vitest";
import { formatDateTime, formatOffset, formatSeconds } from "@/lib/format";

/** Times a person reads are in the portal's clock, whatever the server's or the browser's (issue 13, item 3). */
describe("formatDateTime", () => {
  const at = "2026-04-01T02:30:00Z";
  it("shows an instant in the portal's offset", () => {
    expect(formatDateTime(at, "ru", "+03:00")).toBe("01.04.2026, 05:30");
    expect(formatDateTime(at, "ru", "-05:00")).toBe("31.03.2026, 21:30");
    expect(formatDateTime(at, "ru", "+12:00")).toBe("01.04.2026, 14:30");
    expect(formatDateTime(at, "en", "+00:00")).toBe("Apr 01, 2026, 02:30");
  });
  it("says which clock, and speaks seconds in the reader's language", () => {
    expect(formatOffset("+03:00")).toBe("UTC+03:00");
    expect(formatSeconds(38_240, "ru")).toBe("38,2 с");
    expect(formatSeconds(38_240, "en")).toBe("38.2 s");
  });
  it("shows a dash for a missing or broken instant", () => {
    expect(formatDateTime(null, "ru")).toBe("—");
    expect(formatDateTime("not a date", "ru")).toBe("—");
  });
});
