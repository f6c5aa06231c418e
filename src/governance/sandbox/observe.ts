import { basename } from "node:path";
import type { Finding, Severity } from "../findings";
import { canaryForms, type Honeypot } from "./honeypot";

const SHELLS = /^(ba|da|z|k|c|tc|fi|a)?sh$|^busybox$/;
const NET_TOOLS = /^(curl|wget|nc|ncat|netcat|socat|ssh|scp|sftp|telnet|ftp|nslookup|dig|host)$/;

export interface SinkEvent {
  kind: "dns" | "tcp" | "ready";
  name?: string;
  port?: number;
  data?: string;
}

function finding(ruleId: string, severity: Severity, message: string): Finding {
  return { ruleId, severity, message, scanner: "sandbox" };
}

/** The text and what its base64 and hex runs decode to, lower-cased. */
function decodedViews(text: string): string[] {
  const views = [text];
  for (const m of text.matchAll(/[A-Za-z0-9+/_-]{16,}={0,2}/g)) views.push(Buffer.from(m[0], "base64").toString("latin1"));
  for (const m of text.matchAll(/(?:[0-9a-fA-F]{2}){8,}/g)) views.push(Buffer.from(m[0], "hex").toString("latin1"));
  return views.map((v) => v.toLowerCase());
}

function argv(line: string): string {
  const m = /execve\("[^"]*", \[(.*?)\](, 0x|, \/\*)/.exec(line);
  return (m?.[1] ?? "").replace(/", "/g, " ").replace(/^"|"$/g, "").slice(0, 160);
}

/**
 * Judges what the server did in the sandbox, from the strace log (execve, connect, openat) and
 * the sink's log (DNS queries, bytes sent to web ports): canaries leaving, credentials
 * touched, shells and network tools started, connections to addresses outside the sandbox.
 */
export function judgeObservations(trace: string, events: readonly SinkEvent[], honeypot: Honeypot): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const add = (f: Finding) => {
    const key = `${f.ruleId}:${f.message}`;
    if (!seen.has(key)) findings.push(f), seen.add(key);
  };
  const forms = honeypot.canaries.flatMap(canaryForms);
  const leaks = (text: string) => decodedViews(text).some((t) => forms.some((f) => t.includes(f)));
  let execs = 0;
  for (const line of trace.split("\n")) {
    if (/execve\(/.test(line) && /\) = 0$/.test(line.trim())) {
      execs++;
      if (execs === 1) continue; // the server itself
      const program = basename(/execve\("([^"]+)"/.exec(line)?.[1] ?? "");
      if (SHELLS.test(program)) add(finding("sandbox/shell-spawned", "high", `started a shell: ${argv(line)}`));
      else if (NET_TOOLS.test(program)) add(finding("sandbox/network-tool-spawned", "high", `started a network tool: ${argv(line)}`));
      else add(finding("sandbox/process-spawned", "medium", `started a process: ${argv(line)}`));
    }
    const opened = /open(at)?\((?:AT_FDCWD, )?"([^"]+)"/.exec(line)?.[2];
    if (opened && honeypot.files.includes(opened)) add(finding("sandbox/credential-access", "high", `opened the planted ${opened.slice(honeypot.home.length + 1)}`));
    const inet = /connect\(\d+, \{sa_family=AF_INET6?, sin6?_port=htons\((\d+)\),.*?(?:inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)")/.exec(line);
    if (inet) {
      const address = inet[2] ?? inet[3] ?? "";
      if (!/^127\.|^::1$|^::ffff:127\./.test(address)) add(finding("sandbox/connection-attempt", "medium", `tried to connect to ${address}:${inet[1]} directly`));
    }
  }
  for (const e of events) {
    if (e.kind === "dns" && e.name && leaks(e.name.replace(/\./g, ""))) add(finding("sandbox/canary-exfiltration", "high", `a planted credential left in a DNS query: ${e.name.slice(0, 120)}`));
    if (e.kind === "tcp" && e.data && leaks(e.data)) {
      const host = /\r\nhost:\s*([^\r\n]+)/i.exec(e.data)?.[1] ?? `port ${e.port}`;
      add(finding("sandbox/canary-exfiltration", "high", `a planted credential was sent to ${host}`));
    }
  }
  return findings;
}
