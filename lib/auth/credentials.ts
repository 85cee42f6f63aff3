/**
 * E-mail + password check behind the Credentials provider, kept free of next/* so integration tests call it on
 * a real database. Every outcome is audited; a refused attempt does not say whether the e-mail exists.
 */
import { z } from "zod";
import type { Database } from "@/db";
import { audit } from "./audit";
import { verifyPassword } from "./password";
import { checkSignIn, recordSignInFailure, recordSignInSuccess } from "./throttle";
import { type AppUser, findByEmail, touchLastLogin } from "./users";

export const credentialsInput = z.object({
  email: z.string().trim().toLowerCase().email().max(200),
  password: z.string().min(1).max(200),
});

/** Where a request came from (socket, or a configured proxy's word): see client-ip.ts. */
export { clientIp } from "./client-ip";

export type AuthorizeResult = { ok: true; user: AppUser } | { ok: false; reason: "invalid" | "rate_limited" };

/** `ip` is the request's source (clientIp); throttling is per account, per source and per both (throttle.ts). */
export async function authorize(db: Database, raw: unknown, ip: string): Promise<AuthorizeResult> {
  const parsed = credentialsInput.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;
  const verdict = await checkSignIn(db, email, ip);
  if (!verdict.allowed) {
    await audit(db, {
      action: "auth.rate_limited",
      target: email,
      ip,
      details: { scope: verdict.scope, retryAfterS: Math.ceil(verdict.retryAfterMs / 1000) },
    });
    return { ok: false, reason: "rate_limited" };
  }
  const user = await findByEmail(db, email);
  const passwordOk = await verifyPassword(user?.passwordHash, password);
  if (!user || !passwordOk || user.disabled) {
    await recordSignInFailure(db, email, ip);
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
  await recordSignInSuccess(db, email, ip);
  const fresh = await touchLastLogin(db, user.id);
  await audit(db, { actorUserId: user.id, action: "auth.sign_in", target: user.email, ip });
  return { ok: true, user: fresh };
}
