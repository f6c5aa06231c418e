import { InsufficientStorageError } from "../errors";

/** SQLite's "database or disk is full" and the file system's "no space" / "quota exceeded". */
const FULL_CODES = new Set(["SQLITE_FULL", "ENOSPC", "EDQUOT"]);

/**
 * A write that failed for lack of space, as a 507 problem (with Retry-After); undefined for any
 * other error. better-sqlite3 reports SQLITE_FULL (and SQLITE_IOERR_WRITE with errno ENOSPC
 * underneath) in `code`; node's fs in `code` too. The generic 500 would hide from the client
 * that nothing was stored and that retrying later is the right move.
 */
export function diskFullError(err: unknown): InsufficientStorageError | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return undefined;
  const full = FULL_CODES.has(code) || (code.startsWith("SQLITE_IOERR") && /no space|disk is full|ENOSPC/i.test(String((err as Error).message)));
  return full ? new InsufficientStorageError("the node's storage is full; nothing was stored", 60, { cause: err }) : undefined;
}
