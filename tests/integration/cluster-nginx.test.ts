/**
 * The cluster's load balancer config (scripts/cluster/nginx.ts) on the real nginx from Debian, in front of two
 * small HTTP servers standing in for the web instances: requests alternate between them; a GET that meets a dead
 * instance (refused, or cut off before its answer) is answered by the other; a POST that reached an instance
 * which then died is not sent to the other one (it could run twice), and the client gets a 502.
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NGINX_BIN, startNginx } from "@/scripts/cluster/nginx";
import { freePort } from "@/scripts/cluster/postgres";
import { Procs, waitHttp } from "@/scripts/cluster/procs";

interface Upstream {
  name: string;
  server: http.Server;
  port: number;
  /** method + path of every request that reached it. */
  seen: string[];
}

async function upstream(name: string): Promise<Upstream> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    req.on("end", () => {
      // An instance that dies after the request reached it, before it answers.
      if (req.url === "/die" && name === "b") return req.socket.destroy();
      res.writeHead(200, { "content-type": "text/plain" }).end(name);
    });
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return { name, server, port, seen };
}

async function get(url: string, init?: RequestInit) {
  const res = await fetch(url, init);
  return { status: res.status, body: await res.text() };
}

describe.skipIf(!fs.existsSync(NGINX_BIN))(
  "nginx in front of two instances (scripts/cluster/nginx.ts)",
  () => {
    let dir: string;
    let procs: Procs;
    let a: Upstream;
    let b: Upstream;
    let base: string;

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "losslens-nginx-test-"));
      procs = new Procs(path.join(dir, "logs"));
      a = await upstream("a");
      b = await upstream("b");
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      const nginx = await startNginx(procs, {
        port,
        upstreams: [a, b].map((u) => `127.0.0.1:${u.port}`),
        dir: path.join(dir, "nginx"),
        // Never mark an instance failed here, so each request below meets b in its turn.
        maxFails: 0,
      });
      await waitHttp(`${base}/ready`, 20_000, nginx);
    });

    afterAll(async () => {
      await procs?.stopAll();
      a?.server.close();
      b?.server.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it("sends requests to the two instances in turn", async () => {
      const bodies: string[] = [];
      for (let i = 0; i < 20; i++) bodies.push((await get(`${base}/page?i=${i}`)).body);
      expect(bodies.filter((x) => x === "a")).toHaveLength(10);
      expect(bodies.filter((x) => x === "b")).toHaveLength(10);
    });

    it("a GET cut off by a dying instance is answered by the other one", async () => {
      const results = [await get(`${base}/die`), await get(`${base}/die`)];
      expect(results).toEqual([
        { status: 200, body: "a" },
        { status: 200, body: "a" },
      ]);
      // b took one of them and died on it; nginx passed that GET on to a.
      expect(b.seen.filter((s) => s === "GET /die")).toHaveLength(1);
      expect(a.seen.filter((s) => s === "GET /die")).toHaveLength(2);
    });

    it("a POST that reached an instance which died is not retried on the other: 502, run at most once", async () => {
      const postsToA = a.seen.filter((s) => s.startsWith("POST")).length;
      const results: number[] = [];
      for (let i = 0; i < 2; i++)
        results.push((await get(`${base}/die`, { method: "POST", body: "x=1" })).status);
      // One of the two went to b, which took it and died: nginx answers 502 and does not pass it on.
      expect(results.filter((s) => s === 502)).toHaveLength(1);
      expect(b.seen.filter((s) => s === "POST /die")).toHaveLength(1);
      expect(a.seen.filter((s) => s.startsWith("POST")).length - postsToA).toBe(1);
    });

    it("a GET that finds an instance gone (connection refused) is answered by the other one", async () => {
      const beforeB = b.seen.length;
      // b now refuses connections altogether.
      b.server.closeAllConnections();
      await new Promise<void>((r) => b.server.close(() => r()));
      const statuses: number[] = [];
      const bodies: string[] = [];
      for (let i = 0; i < 10; i++) {
        const r = await get(`${base}/page?after-kill=${i}`);
        statuses.push(r.status);
        bodies.push(r.body);
      }
      expect(statuses).toEqual(Array(10).fill(200));
      expect(bodies).toEqual(Array(10).fill("a"));
      expect(b.seen.length).toBe(beforeB);
      // Half of them met the refusing b first (round robin) and were passed on.
      expect(fs.readFileSync(path.join(dir, "nginx", "error.log"), "utf8")).toMatch(/Connection refused/);
    });
  },
);
