import { closeSync, openSync, readSync } from "node:fs";
import type { Finding, Scanner } from "./findings";

/** Files no text scanner reads. */
export const BINARY = /\.(png|jpe?g|gif|ico|woff2?|ttf|zip|gz|pdf|lockb)$/i;

/** Files larger than this are not read whole by in-process scanners. */
export const MAX_SCANNED_BYTES = 1024 * 1024;

/**
 * Runs a line-oriented scan over a file of any size, one chunk of at most `chunkBytes` at a
 * time, cut at line ends (a line longer than a chunk is cut where the chunk ends), with line
 * numbers counted across chunks. Memory stays at about one chunk whatever the file's size.
 */
export function scanInChunks(path: string, file: string, scan: (file: string, text: string) => Finding[], chunkBytes = MAX_SCANNED_BYTES): Finding[] {
  const findings: Finding[] = [];
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(chunkBytes);
    let carry = 0; // bytes at the start of buf left over from the previous read
    let lineOffset = 0;
    for (;;) {
      const read = readSync(fd, buf, carry, chunkBytes - carry, null);
      const filled = carry + read;
      if (filled === 0) break;
      const eof = read === 0;
      const lastNewline = buf.lastIndexOf(0x0a, filled - 1);
      const cut = eof || lastNewline === -1 ? filled : lastNewline + 1;
      const text = buf.toString("utf8", 0, cut);
      for (const f of scan(file, text)) findings.push(f.line === undefined ? f : { ...f, line: f.line + lineOffset });
      lineOffset += (text.match(/\n/g) ?? []).length;
      carry = filled - cut;
      buf.copy(buf, 0, cut, filled);
      if (eof && carry === 0) break;
    }
  } finally {
    closeSync(fd);
  }
  return findings;
}

/** The finding for a file a scanner could not read: reported, never silently skipped. */
export function unscannableFinding(file: string, scanner: Scanner, bytes: number): Finding {
  return {
    ruleId: "governance/unscannable-file",
    severity: "medium",
    message: `${file} is ${Math.round(bytes / 1024)} KiB, over the ${MAX_SCANNED_BYTES / 1024} KiB that ${scanner} reads; it was not scanned by ${scanner}`,
    scanner,
    file,
  };
}
