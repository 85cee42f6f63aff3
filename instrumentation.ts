// Hardens the Node http server (the socket address for sign-in throttling, a worded 431 for oversized requests:
// lib/server/http-hardening.ts); opens (and migrates) the database when the server starts, so the first request
// does not pay for it and the log says at once which database is in use; then starts the sync scheduler.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { hardenHttpServers } = await import("./lib/server/http-hardening");
  hardenHttpServers();
  // Anonymous health checks are answered before Next routes them (lib/health-http.ts).
  const { installFastHealth } = await import("./lib/health-http");
  installFastHealth();
  const { getDb } = await import("./db");
  await getDb();
  const { writeControlFile } = await import("./lib/server-control");
  writeControlFile(Number(process.env.PORT ?? 3000));
  // The job queue's worker and its schedule run here unless this is a web instance of a cluster whose
  // workers run apart (LOSSLENS_WORKER=0; `npm run worker`).
  const { runsWorkerHere } = await import("./lib/jobs/queue");
  if (runsWorkerHere()) {
    const { startWorkers } = await import("./lib/jobs/work");
    await startWorkers(await getDb());
  }
}
