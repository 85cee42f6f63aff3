import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, type Emu, get, start, tiny } from "./helpers";

let emu: Emu;
beforeAll(async () => {
  emu = await start(tiny());
});
afterAll(() => emu.close());

function expectError(r: { status: number; body: Record<string, unknown> }, status: number, error: string) {
  expect(r.status).toBe(status);
  expect(r.body.error).toBe(error);
  expect(r.body).not.toHaveProperty("result");
  expect(r.body).not.toHaveProperty("time");
}

describe("§1.5 / §12.2 auth errors", () => {
  it("wrong webhook secret → 401 NO_AUTH_FOUND 'Wrong authorization data'", async () => {
    const r = await get(`${emu.url}/rest/1/wrongsecret/crm.deal.list`);
    expectError(r, 401, "NO_AUTH_FOUND");
    expect(r.body.error_description).toBe("Wrong authorization data");
  });

  it("wrong webhook user id → 401 NO_AUTH_FOUND", async () => {
    expectError(
      await get(`${emu.url}/rest/2/${emu.state.meta.webhookSecret}/crm.deal.list`),
      401,
      "NO_AUTH_FOUND",
    );
  });

  it("§1.1 path with only the secret → ERROR_METHOD_NOT_FOUND", async () => {
    const r = await get(`${emu.url}/rest/${emu.state.meta.webhookSecret}/crm.deal.list`);
    expectError(r, 404, "ERROR_METHOD_NOT_FOUND");
  });

  it("unknown method → 404 ERROR_METHOD_NOT_FOUND 'Method not found!'", async () => {
    const r = await call(emu, "crm.deal.nosuch");
    expectError(r, 404, "ERROR_METHOD_NOT_FOUND");
    expect(r.body.error_description).toBe("Method not found!");
  });

  it("/rest/{method} without auth → 401 NO_AUTH_FOUND; unknown token → 401 invalid_token", async () => {
    expectError(await get(`${emu.url}/rest/crm.deal.list`), 401, "NO_AUTH_FOUND");
    expectError(await get(`${emu.url}/rest/crm.deal.list?auth=nope`), 401, "invalid_token");
  });

  it("expired OAuth token → 401 expired_token", async () => {
    const token = emu.issueOAuthToken({ expiresInSec: -1 });
    expectError(await get(`${emu.url}/rest/crm.deal.list?auth=${token}`), 401, "expired_token");
  });

  it("crm.deal.get validation errors use the empty-string error code with 400", async () => {
    const r1 = await call(emu, "crm.deal.get", {});
    expectError(r1, 400, "");
    expect(r1.body.error_description).toBe("ID is not defined or invalid.");
    const r2 = await call(emu, "crm.deal.get", { id: 999 });
    expectError(r2, 400, "");
    expect(r2.body.error_description).toBe("Not found");
  });
});

describe("§1.5 scopes and plans", () => {
  it("method scope not granted → 403 insufficient_scope; other scopes keep working", async () => {
    const snap = tiny();
    snap.portal.scopes = ["crm"];
    const e = await start(snap);
    try {
      expectError(await call(e, "user.get"), 403, "insufficient_scope");
      expectError(await call(e, "user.current"), 403, "insufficient_scope");
      expectError(await call(e, "department.get"), 403, "insufficient_scope");
      expect((await call(e, "crm.deal.list")).status).toBe(200);
      expect((await call(e, "profile")).status).toBe(200);
      expect((await call(e, "scope")).body.result).toEqual(["crm"]);
    } finally {
      await e.close();
    }
  });

  it("free plan → 403 ACCESS_DENIED 'REST API is available only on commercial plans'", async () => {
    const snap = tiny();
    (snap.portal as { plan: string }).plan = "free";
    const e = await start(snap);
    try {
      const r = await call(e, "crm.deal.list");
      expectError(r, 403, "ACCESS_DENIED");
      expect(r.body.error_description).toBe("REST API is available only on commercial plans");
    } finally {
      await e.close();
    }
  });

  it("§10 event.bind works only with OAuth; an incoming webhook gets WRONG_AUTH_TYPE", async () => {
    const r = await call(emu, "event.bind", { event: "ONCRMDEALUPDATE", handler: "http://127.0.0.1:9/h" });
    expectError(r, 401, "WRONG_AUTH_TYPE");
    const token = emu.issueOAuthToken();
    const ok = await call(
      emu,
      "event.bind",
      { auth: token, event: "onCrmDealUpdate", handler: "http://127.0.0.1:9/h" },
      `${emu.url}/rest/`,
    );
    expect(ok.body.result).toBe(true);
    const bad = await call(
      emu,
      "event.bind",
      { auth: token, event: "ONNOSUCHEVENT", handler: "http://127.0.0.1:9/h" },
      `${emu.url}/rest/`,
    );
    expectError(bad, 400, "ERROR_EVENT_NOT_FOUND");
    const list = await call(emu, "event.get", { auth: token }, `${emu.url}/rest/`);
    expect(list.body.result).toEqual([
      { event: "ONCRMDEALUPDATE", handler: "http://127.0.0.1:9/h", auth_type: "0", offline: 0 },
    ]);
    const un = await call(
      emu,
      "event.unbind",
      { auth: token, event: "ONCRMDEALUPDATE", handler: "http://127.0.0.1:9/h" },
      `${emu.url}/rest/`,
    );
    expect(un.body.result).toEqual({ count: 1 });
  });
});

describe("§1.3 OAuth token endpoint", () => {
  it("authorization_code then refresh_token return the documented JSON; old refresh token is single-use", async () => {
    const code = emu.issueAuthCode();
    const r = await get(
      `${emu.url}/oauth/token/?grant_type=authorization_code&client_id=app&client_secret=s&code=${code}`,
    );
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual([
      "access_token",
      "refresh_token",
      "expires",
      "expires_in",
      "client_endpoint",
      "server_endpoint",
      "domain",
      "member_id",
      "scope",
      "status",
      "user_id",
    ]);
    expect(r.body.client_endpoint).toBe(`${emu.url}/rest/`);
    expect(r.body.scope).toBe("crm,user,department");
    expect(r.body.expires_in).toBe(3600);
    const user = await get(`${emu.url}/rest/user.current?auth=${r.body.access_token}`);
    expect((user.body.result as { ID: string }).ID).toBe("1");
    const again = await get(`${emu.url}/oauth/token/?grant_type=authorization_code&code=${code}`);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe("invalid_grant");
    const refreshed = await get(
      `${emu.url}/oauth/token/?grant_type=refresh_token&refresh_token=${r.body.refresh_token}`,
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(r.body.access_token);
    const reuse = await get(
      `${emu.url}/oauth/token/?grant_type=refresh_token&refresh_token=${r.body.refresh_token}`,
    );
    expect(reuse.body.error).toBe("invalid_grant");
  });
});
