/**
 * The edge-safe half of the auth config — no database, no argon2, no node:* — shared by proxy.ts and
 * lib/auth/index.ts (the split vercel/ai-chatbot uses). The session is a JWT in an http-only cookie; Auth.js marks
 * the cookie Secure (and `__Secure-` prefixed) whenever the request arrived over https.
 */
import type { NextAuthConfig } from "next-auth";
import { z } from "zod";
import type { Role } from "@/db/schema/app";
import { authRedirect } from "./redirects";

declare module "@auth/core/types" {
  interface User {
    role?: Role;
    portalId?: number | null;
    b24UserId?: number | null;
    locale?: "ru" | "en";
    loginAt?: number;
  }
}

/** What the session carries. Guards never trust it for access: they re-read the user row on every request. */
export interface SessionClaims {
  id: number;
  email: string;
  name: string;
  role: Role;
  portalId: number | null;
  b24UserId: number | null;
  locale: "ru" | "en";
  /** When this session began (ms since epoch): sign-out voids sessions that began before it. */
  loginAt: number;
}

// Spelled out rather than imported, so the proxy bundle does not pull in the Drizzle schema.
const ROLE_VALUES = ["admin", "director", "manager"] as const satisfies readonly Role[];
const everyRoleListed: [Exclude<Role, (typeof ROLE_VALUES)[number]>] extends [never] ? true : false = true;
void everyRoleListed;

const claims = z.object({
  uid: z.number().int().positive(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLE_VALUES),
  portalId: z.number().int().nullable(),
  b24UserId: z.number().int().nullable(),
  locale: z.enum(["ru", "en"]),
  loginAt: z.number().int().positive(),
});

export function readClaims(token: Record<string, unknown> | null | undefined): SessionClaims | null {
  const parsed = claims.safeParse(token ?? {});
  if (!parsed.success) return null;
  const { uid, ...rest } = parsed.data;
  return { id: uid, ...rest };
}

export const SESSION_MAX_AGE_S = 12 * 3600;

export const authConfig = {
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: "/login", error: "/login" },
  providers: [],
  logger: {
    // A refused password is an expected outcome (audited in lib/auth/credentials.ts), not a server error.
    error(error) {
      // Matched on Auth.js's `type`: class names do not survive minification.
      if ((error as Error & { type?: string }).type === "CredentialsSignin") return;
      console.error("[auth]", error);
    },
  },
  callbacks: {
    // Every callbackUrl / redirectTo next-auth follows is judged by the one same-origin rule (redirects.ts).
    redirect: authRedirect,
    jwt({ token, user }) {
      if (user?.id && user.role) {
        token.uid = Number(user.id);
        token.email = user.email ?? "";
        token.name = user.name ?? "";
        token.role = user.role;
        token.portalId = user.portalId ?? null;
        token.b24UserId = user.b24UserId ?? null;
        token.locale = user.locale ?? "ru";
        // Set once, at sign-in; the session refresh re-encodes the token but keeps its claims.
        token.loginAt = Date.now();
      }
      return token;
    },
    session({ session, token }) {
      const c = readClaims(token);
      if (c) {
        session.user.id = String(c.id);
        session.user.email = c.email;
        session.user.name = c.name;
        session.user.role = c.role;
        session.user.portalId = c.portalId;
        session.user.b24UserId = c.b24UserId;
        session.user.locale = c.locale;
        session.user.loginAt = c.loginAt;
      }
      return session;
    },
  },
} satisfies NextAuthConfig;
