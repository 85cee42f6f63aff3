/**
 * E-mail + password check behind the Credentials provider, kept free of next/* so integration tests call it on
 * a real database. Every outcome is audited; a refused attempt does not say whether the e-mail exists.
 */
import { z } from "zod";
import type { Database } from "@/db";
import { audit } from "./audit";
import { verifyPassword } from "./password";
import { type LoginRateLimiter, loginLimiter } from "./rate-limit";
import { type AppUser, findByEmail, touchLastLogin } from "./users";

export const credentialsInput = z.object({
  email: z.string().trim().toLowerCase().email().max(200),
  password: z.string().min(1).max(200),
});

export type AuthorizeResult = { ok: true; user: AppUser } | { ok: false; reason: "invalid" | "rate_limited" };

/**
 * The client address as the server saw it: the last X-Forwarded-For hop (Next fills the header with the socket
 * address when absent; a reverse proxy appends the real client), else "unknown".
 */
export function clientIp(headers: Headers | undefined | null): string {
  const hops = headers?.get("x-forwarded-for")?.split(",") ?? [];
  return hops.at(-1)?.trim().slice(0, 64) || headers?.get("x-real-ip")?.trim().slice(0, 64) || "unknown";
}

export async function authorize(
  db: Database,
  raw: unknown,
  ip: string,
  limiter: LoginRateLimiter = loginLimiter(),
): Promise<AuthorizeResult> {
  const parsed = credentialsInput.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;
  if (limiter.isBlocked(email, ip)) {
    await audit(db, { action: "auth.rate_limited", target: email, ip });
    return { ok: false, reason: "rate_limited" };
  }
  const user = await findByEmail(db, email);
  const passwordOk = await verifyPassword(user?.passwordHash, password);
  if (!user || !passwordOk || user.disabled) {
    limiter.recordFailure(email, ip);
    const reason = !user ? "unknown_email" : !passwordOk ? "wrong_password" : "disabled";
    await audit(db, {
      actorUserId: user?.id ?? null,
      action: "auth.sign_in_failed",
      target: email,
      ip,
      details: { reason },
    });
    return { ok: false, reason: "invalid" };
  }
  limiter.recordSuccess(email, ip);
  const fresh = await touchLastLogin(db, user.id);
  await audit(db, { actorUserId: user.id, action: "auth.sign_in", target: user.email, ip });
  return { ok: true, user: fresh };
}
