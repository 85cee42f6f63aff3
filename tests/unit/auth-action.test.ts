import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createDefineAction, createWithRoute, formDataToObject } from "@/lib/auth/action-core";
import { AppError } from "@/lib/auth/errors";
import { safeNext } from "@/lib/auth/redirects";
import { scopeFor, type Viewer } from "@/lib/auth/viewer";

const admin: Viewer = {
  id: 1,
  email: "admin@example.test",
  name: "Admin",
  role: "admin",
  portalId: null,
  b24UserId: null,
  locale: "ru",
};
const manager: Viewer = { ...admin, id: 3, role: "manager", portalId: 7, b24UserId: 42, locale: "en" };

/** A defineAction bound to a fixed viewer, with the server log captured instead of printed. */
function setup(viewer: Viewer | null) {
  const log = vi.fn();
  return { defineAction: createDefineAction({ viewer: async () => viewer, log }), log };
}

const renameInput = z.object({
  id: z.coerce.number().int().positive(),
  name: z.string().trim().min(2).max(20),
});

describe("defineAction", () => {
  it("parses the input, passes the viewer, and answers ok with the handler's data", async () => {
    const { defineAction } = setup(admin);
    const rename = defineAction({ input: renameInput, roles: ["admin"] }, async (input, viewer) => ({
      ...input,
      by: viewer.id,
    }));
    expect(await rename({ id: 5, name: "  Anna " })).toEqual({
      ok: true,
      data: { id: 5, name: "Anna", by: 1 },
    });
  });

  it("accepts FormData: coerces strings, keeps repeated keys as arrays, drops React's $ACTION fields", async () => {
    const form = new FormData();
    form.set("id", "9");
    form.set("name", "Boris");
    form.set("$ACTION_ID_abc", "");
    form.append("tag", "a");
    form.append("tag", "b");
    expect(formDataToObject(form)).toEqual({ id: "9", name: "Boris", tag: ["a", "b"] });
    const { defineAction } = setup(admin);
    const rename = defineAction({ input: renameInput, roles: ["admin"] }, async (input) => input);
    expect(await rename(form)).toEqual({ ok: true, data: { id: 9, name: "Boris" } });
  });

  it("invalid input → VALIDATION with field errors in the viewer's language, handler not run", async () => {
    const { defineAction } = setup(admin);
    const handler = vi.fn(async () => "never");
    const rename = defineAction({ input: renameInput, roles: ["admin"] }, handler);
    const res = await rename({ id: -1, name: "x" });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.code).toBe("VALIDATION");
    expect(res.message).toBe("Проверьте введённые данные");
    expect(Object.keys(res.fieldErrors ?? {}).sort()).toEqual(["id", "name"]);
    expect(res.fieldErrors?.name?.[0]).toMatch(/[а-я]/i);
    expect(handler).not.toHaveBeenCalled();
  });

  it("a role outside the list → FORBIDDEN, before the input is even looked at", async () => {
    const { defineAction } = setup(manager);
    const handler = vi.fn(async () => "never");
    const res = await defineAction(
      { input: renameInput, roles: ["admin", "director"] },
      handler,
    )({
      id: "not a number",
    } as never);
    expect(res).toEqual({ ok: false, code: "FORBIDDEN", message: "You do not have access" });
    expect(handler).not.toHaveBeenCalled();
  });

  it("no session → UNAUTHENTICATED", async () => {
    const { defineAction } = setup(null);
    const res = await defineAction(
      { input: renameInput, roles: ["admin"] },
      async () => 1,
    )({ id: 1, name: "ok" });
    expect(res).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
  });

  it("a thrown database error → INTERNAL with the generic message; its text is logged, never returned", async () => {
    const { defineAction, log } = setup(admin);
    const secret = 'relation "app_users" violates constraint; password_hash = $argon2id$…';
    const res = await defineAction({ input: renameInput, roles: ["admin"] }, async () => {
      throw new Error(secret);
    })({ id: 1, name: "ok" });
    expect(res).toEqual({ ok: false, code: "INTERNAL", message: "Что-то пошло не так, попробуйте ещё раз" });
    expect(JSON.stringify(res)).not.toContain("app_users");
    expect(log).toHaveBeenCalledOnce();
    expect(String(log.mock.calls[0]?.[1])).toContain(secret);
  });

  it("a thrown AppError keeps its code and its authored message", async () => {
    const { defineAction } = setup(admin);
    const conflict = defineAction({ input: renameInput, roles: ["admin"] }, async () => {
      throw new AppError("CONFLICT", { ru: "Имя занято", en: "Name taken" });
    });
    expect(await conflict({ id: 1, name: "ok" })).toEqual({
      ok: false,
      code: "CONFLICT",
      message: "Имя занято",
    });
    const missing = defineAction({ input: renameInput, roles: ["admin"] }, async () => {
      throw new AppError("NOT_FOUND");
    });
    expect(await missing({ id: 1, name: "ok" })).toEqual({
      ok: false,
      code: "NOT_FOUND",
      message: "Не найдено",
    });
  });

  it("uses the UI locale provider when given", async () => {
    const defineAction = createDefineAction({ viewer: async () => null, locale: async () => "en" });
    const res = await defineAction(
      { input: renameInput, roles: ["admin"] },
      async () => 1,
    )({ id: 1, name: "ok" });
    expect(res).toMatchObject({ code: "UNAUTHENTICATED", message: "Sign in to continue" });
  });
});

describe("withRoute", () => {
  const request = new Request("http://localhost/api/x");
  const route = (viewer: Viewer | null, handler = async () => Response.json({ fine: true })) =>
    createWithRoute({ viewer: async () => viewer, log: () => {} })(["admin", "director"], handler);

  it("401 without a session, 403 for the wrong role, the handler's answer otherwise", async () => {
    const anon = await route(null)(request, undefined);
    expect(anon.status).toBe(401);
    expect(await anon.json()).toMatchObject({ error: "UNAUTHENTICATED" });
    const forbidden = await route(manager)(request, undefined);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ error: "FORBIDDEN" });
    const ok = await route(admin)(request, undefined);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ fine: true });
  });

  it("500 with no error text when the handler throws; AppError codes map to their status", async () => {
    const broken = await route(admin, async () => {
      throw new Error("SELECT secret FROM x");
    })(request, undefined);
    expect(broken.status).toBe(500);
    expect(await broken.text()).not.toContain("SELECT");
    const gone = await route(admin, async () => {
      throw new AppError("NOT_FOUND");
    })(request, undefined);
    expect(gone.status).toBe(404);
  });
});

describe("scopeFor", () => {
  it("directors and admins see every manager; a manager only their own linked Bitrix24 user", () => {
    expect(scopeFor(admin, 7)).toEqual({ portalId: 7, managerIds: null });
    expect(scopeFor({ ...admin, role: "director" }, 7)).toEqual({ portalId: 7, managerIds: null });
    expect(scopeFor(manager, 7)).toEqual({ portalId: 7, managerIds: [42] });
  });

  it("an unlinked manager, or one linked on another portal, sees nothing (empty list, not null)", () => {
    expect(scopeFor({ ...manager, b24UserId: null, portalId: null }, 7)).toEqual({
      portalId: 7,
      managerIds: [],
    });
    expect(scopeFor(manager, 8)).toEqual({ portalId: 8, managerIds: [] });
  });
});

describe("safeNext", () => {
  it("keeps same-site paths and refuses other hosts and auth pages", () => {
    expect(safeNext("/users?x=1")).toBe("/users?x=1");
    for (const bad of [
      "https://evil.example",
      "//evil.example",
      "/\\evil.example",
      "/login?next=/x",
      "",
      null,
    ])
      expect(safeNext(bad)).toBe("/overview");
  });
});
