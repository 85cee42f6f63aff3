/** next-auth v5, the Node half: e-mail + password (argon2id) checked against app_users, sign-ins audited. */
import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db";
import { authConfig } from "./config";
import { authorize, clientIp } from "./credentials";
import { authSecret } from "./secret";

/** Thrown from authorize() so the login form can say "too many attempts" instead of "wrong password". */
export class LoginRateLimited extends CredentialsSignin {
  code = "rate_limited";
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
        const u = result.user;
        return {
          id: String(u.id),
          email: u.email,
          name: u.name,
          role: u.role,
          portalId: u.portalId,
          b24UserId: u.b24UserId,
          locale: u.locale,
        };
      },
    }),
  ],
}));
