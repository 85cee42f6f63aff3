import { describe, expect, it } from "vitest";
import { describeUrl } from "@/db";
import { toLocale } from "@/lib/i18n/config";
import { messages } from "@/lib/i18n/messages";

describe("locale", () => {
  it("defaults to Russian and accepts only known locales", () => {
    expect(toLocale(undefined)).toBe("ru");
    expect(toLocale("en")).toBe("en");
    expect(toLocale("de")).toBe("ru");
    expect(toLocale("<script>")).toBe("ru");
  });

  it("has every Russian message in English too", () => {
    const keys = (o: object, prefix = ""): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        typeof v === "string" ? [prefix + k] : keys(v, `${prefix}${k}.`),
      );
    expect(keys(messages.en)).toEqual(keys(messages.ru));
  });
});

describe("database location shown in logs", () => {
  it("never prints the password", () => {
    expect(describeUrl("postgres://app:s3cret@db.local:6543/losslens")).toBe("db.local:6543/losslens");
    expect(describeUrl("not a url")).not.toContain("not a url");
  });
});
