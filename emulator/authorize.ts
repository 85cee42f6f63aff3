import type http from "node:http";
import { send } from "./http";
import type { OAuthStore } from "./oauth";
import type { Params } from "./params";
import type { PortalState } from "./state";

/**
 * /oauth/authorize/: the portal's consent step with the person already signed in (no login form): redirect to
 * redirect_uri with a 30-second code for that person. `emulator_user_id` picks the person (default: the
 * webhook user); `emulator_deny` answers as if they declined.
 */
export function authorize(
  res: http.ServerResponse,
  params: Params,
  ctx: { state: PortalState; oauth: OAuthStore; baseUrl: string },
): void {
  const { state, oauth } = ctx;
  const redirect = typeof params.redirect_uri === "string" ? params.redirect_uri : "";
  let target: URL;
  try {
    target = new URL(redirect);
  } catch {
    send(res, 400, { error: "invalid_request", error_description: "redirect_uri is required" });
    return;
  }
  if (typeof params.client_id !== "string" || params.client_id === "") {
    send(res, 400, { error: "invalid_client", error_description: "client_id is required" });
    return;
  }
  if (typeof params.state === "string") target.searchParams.set("state", params.state);
  if (params.emulator_deny) {
    target.searchParams.set("error", "access_denied");
  } else {
    const userId = Number(params.emulator_user_id) || state.meta.webhookUserId;
    target.searchParams.set("code", oauth.issueCode({ userId }));
    target.searchParams.set("domain", new URL(ctx.baseUrl).host);
    target.searchParams.set("member_id", state.meta.memberId);
    target.searchParams.set("scope", state.meta.scopes.join(","));
    target.searchParams.set("server_domain", "oauth.bitrix.info");
  }
  res.writeHead(302, { Location: target.toString() });
  res.end();
}
