import { hash, verify } from "@node-rs/argon2";

/**
 * argon2id (the library's default algorithm; its enum is an ambient const enum that isolatedModules cannot read),
 * memory-hard: m = 19 MiB, t = 2, p = 1 — OWASP's minimum for argon2id. The parameters live in the hash string
 * (`$argon2id$v=19$m=19456,t=2,p=1$…`), so raising them later keeps old hashes verifiable.
 */
const PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Compared against when the e-mail is unknown, so a miss costs the same time as a wrong password. */
let dummyHash: Promise<string> | undefined;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

export async function verifyPassword(hashed: string | null | undefined, password: string): Promise<boolean> {
  dummyHash ??= hash("losslens-no-such-user", PARAMS);
  const target = hashed ?? (await dummyHash);
  try {
    const ok = await verify(target, password);
    return ok && Boolean(hashed);
  } catch {
    return false;
  }
}
