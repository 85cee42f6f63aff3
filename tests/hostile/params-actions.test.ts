/**
 * Server actions are public POST endpoints taking FormData (L1). Every action goes through defineAction
 * (enumerated from app/**\/actions.ts), and defineAction refuses a NUL character anywhere in the input — at any
 * depth, in any field — with a VALIDATION result naming the field, before the handler (and Postgres, which
 * cannot store NUL) sees it. Ids in action schemas are bounded to int4 (lib/params dbId).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createDefineAction } from "@/lib/auth/action-core";
import type { Viewer } from "@/lib/auth/viewer";
import { dbId } from "@/lib/params";

const viewer: Viewer = {
  id: 1,
  email: "a@b.c",
  name: "A",
  role: "admin",
  portalId: null,
  b24UserId: null,
  locale: "ru",
};

function actionFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? actionFiles(p) : e.name === "actions.ts" ? [p] : [];
  });
}

describe("every server action", () => {
  const files = actionFiles(path.resolve("app"));

  it("is made by defineAction, or (before a session exists: sign-in, first admin) zod-parses its form", () => {
    expect(files.length).toBeGreaterThan(3);
    const stray: string[] = [];
    for (const f of files) {
      const src = fs.readFileSync(f, "utf8");
      for (const m of src.matchAll(
        /export (?:const (\w+)\s*=\s*(\w+)|async function (\w+)\([^)]*\)[^{]*\{)/g,
      )) {
        if (m[2] === "defineAction") continue;
        const body = src.slice((m.index ?? 0) + m[0].length);
        const ownBody = body.slice(0, body.search(/\n}\n/));
        if (m[3] && /formDataToObject\(/.test(ownBody) && /\.safeParse\(/.test(ownBody)) continue;
        stray.push(`${path.relative(".", f)}: ${m[1] ?? m[3]}`);
      }
    }
    expect(stray).toEqual([]);
  });
});

describe("defineAction", () => {
  let ran = 0;
  const define = createDefineAction({ viewer: async () => viewer, log: () => {} });
  const action = define(
    {
      input: z.object({ name: z.string(), tags: z.array(z.string()).optional(), nested: z.any().optional() }),
      roles: ["admin"],
    },
    async () => {
      ran += 1;
      return "done";
    },
  );

  it.each([
    ["a text field", { name: "a\u0000b" }, "name"],
    ["an item of a list", { name: "ok", tags: ["x", "\u0000"] }, "tags"],
    ["a nested field", { name: "ok", nested: { deep: { deeper: "\u0000" } } }, "nested.deep.deeper"],
  ])("refuses NUL in %s with VALIDATION naming the field", async (_what, input, field) => {
    const before = ran;
    const res = await action(input);
    expect(res).toMatchObject({ ok: false, code: "VALIDATION" });
    if (!res.ok) expect(Object.keys(res.fieldErrors ?? {})).toEqual([field]);
    expect(ran).toBe(before);
  });

  it("refuses NUL in a FormData field, and lets other control characters through (a textarea has \\n)", async () => {
    const form = new FormData();
    form.set("name", "x\u0000");
    expect(await action(form)).toMatchObject({ ok: false, code: "VALIDATION" });
    const ok = new FormData();
    ok.set("name", "line 1\nline 2\ttab");
    expect(await action(ok)).toEqual({ ok: true, data: "done" });
  });

  it("ids are int4: 2^31, 2^63, 1e400, 0 and -1 are refused, not sent to a query", () => {
    for (const bad of ["2147483648", "9223372036854775808", "1e400", "0", "-1", "1.5"])
      expect(dbId.safeParse(bad).success, bad).toBe(false);
    expect(dbId.parse("2147483647")).toBe(2_147_483_647);
  });
});
