/**
 * next-auth v5, the Node half: e-mail + password (argon2id) checked against app_users, sign-ins audited; and
 * "bitrix24", which only redeems the one-time ticket that app/api/auth/bitrix24/callback issues after it has
 * verified the portal's OAuth code (lib/auth/bitrix24-signin.ts). Both make the same JWT session cookie.
 */
import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db";
import { redeemSignInTicket } from "./bitrix24-signin";
import { authConfig } from "./config";
import { authorize, clientIp } from "./credentials";
import { authSecret } from "./secret";
import type { AppUser } from "./users";

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

// Lazy config: the secret is read (or generated) on first use, not when `next build` imports this module.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  ...authConfig,
  secret: authSecret(),
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
