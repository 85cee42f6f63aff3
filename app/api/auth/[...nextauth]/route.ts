import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth";
import { onPublicOrigin } from "@/lib/auth/redirect-response";

// next-auth's own routes redirect on the host the browser is on, not on request.url's (see onPublicOrigin).
// next-auth reads only request.url, headers and body here (nextUrl only when AUTH_URL is set, and then the
// request is passed through as it came).
export const GET = async (request: NextRequest) =>
  handlers.GET((await onPublicOrigin(request)) as NextRequest);
export const POST = async (request: NextRequest) =>
  handlers.POST((await onPublicOrigin(request)) as NextRequest);
