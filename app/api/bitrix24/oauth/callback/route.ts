import { getDb } from "@/db";
import { auditLog } from "@/db/schema";
import { withRoute } from "@/lib/auth/action";
import { CALLBACK_PATH } from "@/lib/auth/bitrix24-signin";
import { redirectHere } from "@/lib/auth/redirect-response";
import { isPendingOAuth, takePendingOAuth } from "@/lib/oauth-pending";
import { connectOAuthPortal } from "@/lib/portals";
import { startSyncJob } from "@/lib/sync/jobs";

export const dynamic = "force-dynamic";

/** The portal redirects the admin here after authorising the app: ?code&state&domain&member_id. */
const connect = withRoute(["admin"], async (request: Request, viewer) => {
  const url = new URL(request.url);
  // Relative, like every redirect here: request.url names http://localhost:<port>, not the admin's host.
  const back = (status: string) => redirectHere(`/settings?oauth=${encodeURIComponent(status)}`);
  const handle = await getDb();
  const pending = await takePendingOAuth(handle.db, url.searchParams.get("state") ?? "");
  const code = url.searchParams.get("code");
  // The state ties the redirect to the admin who started it; anything else is refused.
  if (!pending || !code || pending.userId !== viewer.id) return back("invalid_state");
  try {
    const portal = await connectOAuthPortal(handle.db, pending.app, code, pending.domain);
    await handle.db.insert(auditLog).values({
      actorUserId: viewer.id,
      action: "portal.connect",
      target: portal.domain,
      details: { auth: "oauth" },
    });
    await startSyncJob(handle, portal.id, { mode: "full", trigger: "manual" });
    return back("connected");
  } catch (err) {
    console.error("[oauth] connect failed", err);
    return back("failed");
  }
});

/**
 * A portal may send every OAuth redirect to the app's one registered handler, ignoring the redirect_uri we pass.
 * States that are not a pending connect flow belong to "Sign in with Bitrix24": hand them, query intact, to its
 * callback, which checks them itself (signed-out visitors must reach it, so this runs before the admin check).
 */
export async function GET(request: Request, context: unknown): Promise<Response> {
  const url = new URL(request.url);
  const { db } = await getDb();
  if (!(await isPendingOAuth(db, url.searchParams.get("state") ?? ""))) {
    return redirectHere(`${CALLBACK_PATH}${url.search}`, 307);
  }
  return connect(request, context);
}
