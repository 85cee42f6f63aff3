/**
 * next-auth v5, the Node half: e-mail + password (argon2id) checked against app_users, sign-ins audited; and
 * "bitrix24", which only redeems the one-time ticket that app/api/auth/bitrix24/callback issues after it has
 * verified the portal's OAuth code (lib/auth/bitrix24-signin.ts). Both make the same JWT session cookie.
 */
import "server-only";
import { headers } from "next/headers";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db";
import { audit } from "./audit";
import { redeemSignInTicket } from "./bitrix24-signin";
import { authConfig, readClaims } from "./config";
import { authorize, clientIp } from "./credentials";
import { authSecret } from "./secret";
import { type AppUser, endSessions, findUserById } from "./users";
import { sessionIsCurrent } from "./viewer";

/** Thrown from authorize() so the login form can say "too many attempts" instead of "wrong password". */
export class LoginRateLimited extends CredentialsSignin {
  code = "rate_limited";
}

function sessionUser(u: AppUser) {
  return {
    id: String(u.id),
    email: u.email,
    name: u.name,
    role: u.role,
    portalId: u.portalId,
    b24UserId: u.b24UserId,
    locale: u.locale,
  };
}

/**
 * Every way out ends the session on the server: the app's "Выйти" button (signOut() in session-actions.ts) and
 * next-auth's own POST /api/auth/signout both land here. The JWT cookie itself cannot be recalled, so the
 * user's sessions_valid_after moves to now and the guards refuse any copy of it. A cookie that is already void
 * (or names a user that is gone) ends nothing and is not logged as a sign-out.
 */
async function endSessionOnServer(token: Record<string, unknown> | null | undefined): Promise<void> {
  const claims = readClaims(token);
  if (!claims) return;
  const { db } = await getDb();
  const user = await findUserById(db, claims.id);
  if (!user || user.email !== claims.email || !sessionIsCurrent(claims.loginAt, user.sessionsValidAfter))
    return;
  await endSessions(db, user.id);
  let ip: string | null = null;
  try {
    ip = clientIp(await headers());
  } catch {
    // outside a request (not expected): the sign-out still happens, without an address
  }
  await audit(db, { actorUserId: user.id, action: "auth.sign_out", target: user.email, ip });
}

// Lazy config: the secret is read (or generated) on first use, not when `next build` imports this module.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  ...authConfig,
  secret: authSecret(),
  events: {
    signOut: async (message) => endSessionOnServer("token" in message ? message.token : null),
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      authorize: async (raw, request) => {
        const { db } = await getDb();
        const result = await authorize(db, raw, clientIp(request?.headers));
        if (!result.ok) {
          if (result.reason === "rate_limited") throw new LoginRateLimited();
          return null;
        }
        return sessionUser(result.user);
      },
    }),
    Credentials({
      id: "bitrix24",
      name: "Bitrix24",
      credentials: { ticket: {} },
      // The ticket is random, hashed at rest, 60 s, single use, and issued only after the OAuth code checked out.
      authorize: async (raw) => {
        const { db } = await getDb();
        const user = await redeemSignInTicket(db, raw?.ticket);
        return user ? sessionUser(user) : null;
      },
    }),
  ],
}));
