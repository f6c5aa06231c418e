import type { Severity } from "../findings";
import { flatten, knownText } from "./value";
import type { SinkCall } from "./sinks";

/** What a tool's handler does to the world, as far as its data flow shows. */
export type Effect = "file-write" | "exec" | "network" | "remote-write" | "upload";

const SHELL_OR_INTERPRETER = /^((ba|z|da|k|c|tc|fi)?sh|cmd(\.exe)?|powershell(\.exe)?|pwsh|python[\d.]*|node|perl|ruby|php|osascript|crontab|at)$/;
const REMOTE_WRITE = /^(PUT|PATCH|DELETE)$/i;

/** The effects one sink call has: a fixed read-only program run with fixed arguments has none. */
export function effectsOf(call: SinkCall): Effect[] {
  switch (call.kind) {
    case "file-write":
      return ["file-write"];
    case "shell":
      return ["exec"];
    case "spawn": {
      // a program the analysis could not fold counts only when a source chooses it
      const first = call.argv?.[0] ?? call.target;
      const program = first.str;
      if (program === undefined) return first.taints.size ? ["exec"] : [];
      return SHELL_OR_INTERPRETER.test(program.split(/[\\/]/).pop() ?? program) ? ["exec"] : [];
    }
    case "eval":
    case "import":
    case "template":
      // `setTimeout(resolve, ms)`: a timer given a function (unresolved here) runs no new code
      if (/^(setTimeout|setInterval)$/.test(call.ref) && !call.target.taints.size) return [];
      return call.target.str === undefined || /^data:/i.test(call.target.str) ? ["exec"] : [];
    case "dns":
      return ["network"];
    case "network": {
      const method = call.rest.flatMap((v) => flatten(v)).map((v) => v.props?.get("method")).find((m) => m !== undefined);
      const verb = /\.(put|patch|delete)$/i.exec(call.ref)?.[1] ?? (method ? knownText(method) : undefined);
      const out: Effect[] = verb !== undefined && REMOTE_WRITE.test(verb) ? ["network", "remote-write"] : ["network"];
      if ([call.target, ...call.rest].flatMap((v) => flatten(v)).some((v) => v.taints.has("user-file"))) out.push("upload");
      return out;
    }
    default:
      return [];
  }
}

/** What a tool's description and annotations promise. */
export interface ToolClaims {
  /** the description says data leaves the machine (upload, send, sync, an API, …) */
  disclosesSending: boolean;
  readOnly: boolean;
  local: boolean;
  noExec: boolean;
}

const CLAIM_READ_ONLY = /\b(read[- ]only|does not (modify|write|change)|never (modifies|writes)|no side[- ]effects?|without (modifying|changing))\b|readOnlyHint["']?\s*[:=]\s*(true|True)\b/i;
const CLAIM_LOCAL = /\b(does not (access|use|contact|reach) the (network|internet)|no network|(works )?(fully )?offline|local only|never (sends|leaves)|stays? on (this|your) (machine|computer|device))\b|openWorldHint["']?\s*[:=]\s*(false|False)\b/i;
// words with which a tool tells the user that what it reads goes somewhere else
const DISCLOSES_SENDING = /\b(upload\w*|send\w*|post\w*|shar(e|es|ing)|sync\w*|back(s)? ?up|backup|publish\w*|submit\w*|attach\w*|e-?mail\w*|webhook|transl\w+|summari[sz]\w*|analy[sz]\w*|transcri\w+|ocr|convert\w*|api|service|cloud|remote|server|online|http|url|gist|bucket|s3|drive|slack|storage)\b/i;
const CLAIM_NO_EXEC = /\b(does not (run|execute|spawn)|no (commands|processes))\b/i;

export function claimsOf(text: string): ToolClaims {
  return { disclosesSending: DISCLOSES_SENDING.test(text), readOnly: CLAIM_READ_ONLY.test(text), local: CLAIM_LOCAL.test(text), noExec: CLAIM_NO_EXEC.test(text) };
}

/** The promises the handler's own data flow breaks. */
export function contradictions(claims: ToolClaims, effects: ReadonlySet<Effect>): string[] {
  const out: string[] = [];
  if (claims.readOnly && effects.has("file-write")) out.push("claims to be read-only but its handler writes files");
  if (claims.readOnly && effects.has("exec")) out.push("claims to be read-only but its handler runs a shell, an interpreter or computed code");
  if (claims.readOnly && effects.has("remote-write")) out.push("claims to be read-only but its handler changes remote data (PUT/PATCH/DELETE)");
  if (claims.local && effects.has("network")) out.push("claims not to use the network but its handler sends requests");
  if (claims.noExec && effects.has("exec")) out.push("claims not to run commands but its handler does");
  if (!claims.disclosesSending && effects.has("upload")) out.push("sends the contents of a file the caller names over the network, which its description never mentions");
  return out;
}

/**
 * Effects gathered while handlers run: every function call opens a frame, a sink adds its effects
 * to every open frame, and a memoized call replays what it did the first time, so a tool's frame
 * sees the effects of every helper it reaches, in whatever file.
 */
export class EffectFrames {
  private readonly open: Set<Effect>[] = [];

  begin(): void {
    this.open.push(new Set());
  }

  end(): Set<Effect> {
    return this.open.pop() ?? new Set();
  }

  add(effects: Iterable<Effect>): void {
    for (const e of effects) for (const f of this.open) f.add(e);
  }
}

export interface ClaimFinding {
  ruleId: string;
  severity: Severity;
  message: string;
}

/** Findings for one tool whose handler contradicts its description or annotations. */
export function claimFindings(tool: string, claimText: string, effects: ReadonlySet<Effect>): ClaimFinding[] {
  return contradictions(claimsOf(claimText), effects).map((m) => ({ ruleId: m.startsWith("sends the contents") ? "flow/undisclosed-upload" : "flow/claim-mismatch", severity: "high" as const, message: `tool ${tool} ${m}` }));
}
