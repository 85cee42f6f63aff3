import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth";
import { onPublicOrigin } from "@/lib/auth/redirect-response";

// next-auth's own routes redirect on the host the browser is on, not on request.url's (see onPublicOrigin).
export const GET = (request: NextRequest) => handlers.GET(onPublicOrigin(request));
export const POST = (request: NextRequest) => handlers.POST(onPublicOrigin(request));
