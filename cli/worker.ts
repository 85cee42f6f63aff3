// `npm run worker`: a process that runs LossLens's background jobs (syncs, event refreshes, rebuilds, report
// warm-up, the sync schedule) from the Postgres job queue. Start as many as you like, on any machine that
// reaches the database; web instances then run with LOSSLENS_WORKER=0. See docs/scaling.md.
import { openDatabase } from "../db";
import { JobError, stopJobQueue } from "../lib/jobs/queue";
import { startWorkers } from "../lib/jobs/work";
import { ensureAuthSecret } from "./env";

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      "[worker] DATABASE_URL is not set. The embedded database (PGlite) serves one process, and `npm start` already runs its worker inside the server. / DATABASE_URL не задан: встроенная база обслуживает один процесс, и `npm start` уже выполняет фоновые задачи сам.",
    );
    process.exit(2);
  }
  ensureAuthSecret();
  process.env.LOSSLENS_WORKER = "1";
  const handle = await openDatabase({ url, purpose: "npm run worker" });
  await startWorkers(handle);
  console.log(`[worker] pid ${process.pid} is running jobs from ${handle.where}`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[worker] ${signal}: finishing the running jobs (at most 30 s), then stopping`);
    await stopJobQueue(handle, 30_000);
    await handle.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((err: unknown) => {
  console.error(`[worker] failed to start: ${new JobError(err).message}`);
  process.exit(1);
});
