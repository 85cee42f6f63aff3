import { describe, expect, it } from "vitest";
import { readClaims } from "@/lib/auth/config";
import { sessionIsCurrent } from "@/lib/auth/viewer";

describe("a session after sign-out", () => {
  const signedOut = new Date("2026-12-01T10:00:00Z");
  it("stands when it began after the last sign-out, or the user never signed out", () => {
    expect(sessionIsCurrent(signedOut.getTime() + 1, signedOut)).toBe(true);
    expect(sessionIsCurrent(Date.parse("2026-01-01T00:00:00Z"), null)).toBe(true);
  });
  it("is void when it began before (or at) the sign-out, even if its cookie was re-issued since", () => {
    expect(sessionIsCurrent(signedOut.getTime() - 60_000, signedOut)).toBe(false);
    expect(sessionIsCurrent(signedOut.getTime(), signedOut)).toBe(false);
  });
  it("is void without a start time (a cookie from before sessions carried one)", () => {
    expect(sessionIsCurrent(undefined, null)).toBe(false);
    expect(sessionIsCurrent(Number.NaN, null)).toBe(false);
  });
  it("the token's claims carry the start time and refuse a token without it", () => {
    const token = {
      uid: 3,
      email: "a@b.c",
      name: "A",
      role: "manager",
      portalId: 1,
      b24UserId: 7,
      locale: "ru",
    };
    expect(readClaims(token)).toBeNull();
    expect(readClaims({ ...token, loginAt: 1_700_000_000_000 })?.loginAt).toBe(1_700_000_000_000);
  });
});
