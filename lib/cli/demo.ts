import type { DbHandle } from "../../db";

export interface DemoSession {
  printLogins(): void;
  stop(): Promise<void>;
}

/**
 * Demo mode hook for `npm start`: when no portal is connected (or LOSSLENS_DEMO=1) this starts the Bitrix24
 * emulator with the synthetic demo portal, connects and syncs it, and seeds demo logins. Until the emulator and
 * sync land it only reports that there is nothing to demo yet.
 */
export async function prepareDemo(_handle: DbHandle): Promise<DemoSession | null> {
  if (process.env.LOSSLENS_DEMO === "0") return null;
  console.log("[demo] demo portal not available yet: serving an empty database");
  return null;
}
