/**
 * nginx from Debian in front of the web instances: round robin over an `upstream`, run in the foreground
 * (`daemon off`) by the cluster script from a config in its own directory — no system file is read or written.
 *
 * Failover: an instance that refuses connections or times out is marked failed for `fail_timeout` after
 * `max_fails` errors, and an idempotent request (GET, HEAD) that met the error is passed to the next instance.
 * A POST is never retried on another instance once it was sent (nginx's default for non-idempotent methods,
 * kept), so a sign-in or a server action runs at most once.
 */
import fs from "node:fs";
import path from "node:path";
import type { Proc, Procs } from "./procs";

export const NGINX_BIN = process.env.NGINX_BIN ?? "/usr/sbin/nginx";

export interface NginxOptions {
  port: number;
  /** host:port of each web instance. */
  upstreams: string[];
  /** Directory for the config, pid, logs and temp files. */
  dir: string;
  maxFails?: number;
  failTimeoutS?: number;
}

/** The whole nginx.conf: pure, so a test can read it. */
export function nginxConfig(o: NginxOptions): string {
  const tmp = (name: string) => path.join(o.dir, "tmp", name);
  const servers = o.upstreams
    .map((u) => `    server ${u} max_fails=${o.maxFails ?? 1} fail_timeout=${o.failTimeoutS ?? 10}s;`)
    .join("\n");
  return `# Written by scripts/cluster/nginx.ts for the LossLens cluster demo.
daemon off;
master_process on;
worker_processes 1;
pid ${path.join(o.dir, "nginx.pid")};
error_log ${path.join(o.dir, "error.log")} warn;

events {
  worker_connections 1024;
}

http {
  access_log ${path.join(o.dir, "access.log")};
  client_body_temp_path ${tmp("body")};
  proxy_temp_path ${tmp("proxy")};
  fastcgi_temp_path ${tmp("fastcgi")};
  uwsgi_temp_path ${tmp("uwsgi")};
  scgi_temp_path ${tmp("scgi")};

  upstream losslens {
    # Round robin (nginx's default): each request goes to the next instance.
${servers}
    keepalive 32;
  }

  server {
    listen 127.0.0.1:${o.port};
    client_max_body_size 2m;

    location / {
      proxy_pass http://losslens;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_connect_timeout 2s;
      proxy_read_timeout 120s;
      proxy_buffer_size 32k;
      proxy_buffers 16 32k;
      # Connection refused or timed out before an answer: try the next instance. nginx never passes a
      # non-idempotent request (POST) on once it was sent (non_idempotent is deliberately not listed).
      proxy_next_upstream error timeout;
      proxy_next_upstream_tries 2;
    }
  }
}
`;
}

/** Writes the config (the worker processes run as nobody: temp dirs are theirs) and starts nginx. */
export async function startNginx(procs: Procs, o: NginxOptions): Promise<Proc> {
  fs.mkdirSync(path.join(o.dir, "tmp"), { recursive: true });
  fs.chmodSync(o.dir, 0o755);
  for (const name of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) {
    const d = path.join(o.dir, "tmp", name);
    fs.mkdirSync(d, { recursive: true });
    fs.chmodSync(d, 0o777);
  }
  const conf = path.join(o.dir, "nginx.conf");
  fs.writeFileSync(conf, nginxConfig(o));
  const args = ["-p", o.dir, "-c", conf, "-e", path.join(o.dir, "error.log")];
  const check = procs.start("nginx-check", NGINX_BIN, ["-t", "-q", ...args]);
  if ((await check.exited) !== 0) throw new Error(`nginx -t refused the config (see ${check.log})`);
  return procs.start("nginx", NGINX_BIN, args);
}
