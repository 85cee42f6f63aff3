/**
 * `defineAction` and `withRoute` bound to the real session (see action-core.ts for the contract).
 *
 *   export const renameAction = defineAction({ input: z.object({ … }), roles: ["admin"] }, async (input, viewer) => …);
 *   export const GET = withRoute(["admin", "director"], async (request, viewer) => Response.json(…));
 */
import "server-only";
import { cookies } from "next/headers";
import { LOCALE_COOKIE, toLocale } from "@/lib/i18n/config";
import { createDefineAction, createWithRoute } from "./action-core";
import { getViewer } from "./guards";

export type { ActionResult } from "./action-core";

const deps = {
  viewer: getViewer,
  locale: async () => toLocale((await cookies()).get(LOCALE_COOKIE)?.value),
};

export const defineAction = createDefineAction(deps);
export const withRoute = createWithRoute(deps);
