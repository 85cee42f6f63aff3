// Child process for the lock test: takes the PGlite data-dir lock, says so, and waits to be killed.
import { acquireDataDirLock } from "../../db/lock";

const dir = process.argv[2];
if (!dir) throw new Error("usage: hold-lock.ts <dataDir>");
acquireDataDirLock(dir, "lock-test holder");
console.log("LOCKED");
setInterval(() => {}, 1000);
