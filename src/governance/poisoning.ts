import type { Finding, Severity } from "./findings";

/**
 * Tool-poisoning detectors over any text an MCP client shows a model: tool, parameter, enum
 * and default descriptions, server instructions, and string literals in source. They look for
 * techniques (hidden tags, concealment, coercion, credential harvesting, exfiltration, cross-
 * tool instructions, invisible or deceptive characters, encoded payloads), not known strings.
 */

export interface TextFinding {
  ruleId: string;
  severity: Severity;
  message: string;
}

interface PhraseRule {
  id: string;
  severity: Severity;
  message: string;
  patterns: RegExp[];
}

const SENSITIVE =
  "(?:^|[\\s\"'`(=:~/\\\\])\\.(?:ssh|aws|gnupg|kube|docker|cursor|netrc|npmrc|pgpass|git-credentials|env)\\b|\\bid_(?:rsa|dsa|ecdsa|ed25519)\\b|\\bmcp\\.json\\b|\\/etc\\/(?:passwd|shadow)\\b";

const PHRASES: PhraseRule[] = [
  {
    id: "poison/hidden-instruction-tag",
    severity: "high",
    message: "instruction tag aimed at the model (e.g. <IMPORTANT>, <SYSTEM>)",
    patterns: [/<\s*\/?\s*(important|system|instructions?|secret|hidden|admin|critical|override|assistant|context)\b[^>]{0,40}>/i],
  },
  {
    id: "poison/concealment",
    severity: "high",
    message: "asks the model to hide something from the user",
    patterns: [
      /\b(do not|don't|dont|never|must not)\s+(tell|mention|inform|reveal|show|disclose|notify|alert|let)\b[^.!\n]{0,40}\b(user|human|anyone|them|operator)\b/i,
      /\bwithout\s+(telling|informing|notifying|alerting|asking)\s+(the\s+)?(user|human)/i,
      /\b(keep|this is)\s+(this\s+)?(secret|hidden|confidential)\s+from\s+the\s+user/i,
    ],
  },
  {
    id: "poison/coercion",
    severity: "high",
    message: "coerces the model's tool choice or overrides its instructions",
    patterns: [
      /\b(always|must)\s+(call|use|run|invoke)\s+this\s+tool\s+(first|before)/i,
      /\bbefore\s+(using|calling|invoking)\s+(any|every|all)\s+other\s+tools?\b/i,
      /\b(highest|top|absolute)\s+priority\s+over\s+(all\s+)?other\s+tools?/i,
      /\bother\s+tools?\s+(will\s+not|won't|cannot|can't|do\s+not)\s+work\b/i,
      /\b(ignore|disregard|forget)\s+(all\s+|any\s+)?(previous|prior|above|earlier|your)\s+(instructions|rules|prompts?|guidelines)/i,
      /\byou\s+are\s+now\s+(in\s+)?\w+/i,
      /\b(developer|god|jailbreak|dan)\s+mode\b/i,
      /\b(pre-?approved|auto-?approve|without\s+(asking\s+for\s+)?(confirmation|approval|permission))\b/i,
      /\bdo\s+not\s+ask\s+(the\s+user\s+)?for\s+(confirmation|approval|permission)/i,
      /\botherwise\s+the\s+tool\s+will\s+not\s+work\b/i,
    ],
  },
  {
    id: "poison/credential-harvest",
    severity: "high",
    message: "points the model at credentials, keys or private context",
    patterns: [
      new RegExp(SENSITIVE, "i"),
      /\b(system\s+prompt|conversation\s+history|chat\s+history|previous\s+messages)\b/i,
      /\b(pass|send|forward|include|append|attach|leak|copy|read|give)\s[^.!\n]{0,60}\b(api[\s_-]?keys?|passwords?|private\s+(keys?|information|data)|credentials|secrets?|tokens?)\b/i,
    ],
  },
  {
    id: "poison/exfiltration-url",
    severity: "high",
    message: "asks the model to emit or fetch a URL carrying data (exfiltration)",
    patterns: [
      /!\[[^\]]*\]\(\s*https?:\/\/[^)\s]*[?#][^)]*\)/i,
      // a {placeholder} for the model to fill in (not a JS template's ${…})
      /https?:\/\/[^\s)"'`]*(?<!\$)\{[^}\s]{1,80}\}/i,
      /\b(curl|wget)\b[^\n]{0,120}\|\s*(ba|z)?sh\b/i,
    ],
  },
  {
    id: "poison/cross-tool",
    severity: "high",
    message: "instructs the model about other tools (shadowing or chaining)",
    patterns: [
      /\bwhen\s+this\s+tool\s+is\s+(available|present|loaded|installed|connected)\b/i,
      /\bthe\s+[`'"]?[a-z][a-z0-9_.-]*[`'"]?\s+tool\s+(must|should|shall|will\s+have\s+to)\b/i,
      /\b(before|after)\s+(every|each|any)\s+[`'"]?[a-z][a-z0-9_.-]*[`'"]?\s+call\b/i,
      /\bcall\s+[`'"]?[a-z][a-z0-9_]*[`'"]?(\(\S*\))?\s+(on|with)\b[^.\n]{0,80}\b(pass|send)\b[^.\n]{0,40}\bto\s+[`'"]?[a-z][a-z0-9_]*/i,
      /\binstead\s+of\s+the\s+(real|actual|intended)\s+(recipient|destination|target)/i,
    ],
  },
];

const TAG_CHARS = /[\u{E0000}-\u{E007F}]/u;
const TAG_RUN = /[\u{E0000}-\u{E007F}]+/gu;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\u2061-\u2064\uFEFF\u180E]/u;
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F]/u;
const ANSI = /\u001B(\[[0-9;?]*[ -/]*[@-~]|\][^\u0007]*\u0007?)/u;
const BASE64 = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{24,}={0,2}(?![A-Za-z0-9+/=])/g;

/**
 * Zero-width characters that sit between ASCII characters (or at the ends of ASCII text).
 * ZWNJ/ZWJ next to Arabic, Indic or emoji characters are ordinary typography, not hiding.
 */
function suspiciousZeroWidth(text: string): number {
  if (!ZERO_WIDTH.test(text)) return 0;
  const chars = [...text];
  let count = 0;
  const isZw = (c: string | undefined) => c !== undefined && ZERO_WIDTH.test(c);
  for (let i = 0; i < chars.length; i++) {
    if (!isZw(chars[i])) continue;
    if (i === 0 && chars[i] === "\uFEFF") continue; // a byte-order mark
    let l = i - 1;
    while (l >= 0 && isZw(chars[l])) l--;
    let r = i + 1;
    while (r < chars.length && isZw(chars[r])) r++;
    const asciiSide = (c: string | undefined) => c === undefined || /^[\x00-\x7F]$/.test(c);
    if (asciiSide(chars[l]) && asciiSide(chars[r])) count++;
  }
  return count;
}

/** Text hidden in Unicode tag characters (each maps to an ASCII character). */
function decodeTags(text: string): string {
  return (text.match(TAG_RUN) ?? [])
    .join("")
    .replace(/[\u{E0000}-\u{E007F}]/gu, (c) => String.fromCharCode(c.codePointAt(0)! - 0xe0000));
}

function printableRatio(s: string): number {
  if (s.length === 0) return 0;
  let printable = 0;
  for (const ch of s) if (/[\x20-\x7E\n\t]/.test(ch)) printable++;
  return printable / s.length;
}

/** Runs every phrase rule over plain text. */
function scanPhrases(text: string): TextFinding[] {
  const out: TextFinding[] = [];
  for (const rule of PHRASES) {
    const hit = rule.patterns.map((p) => p.exec(text)).find((m) => m !== null);
    if (hit) out.push({ ruleId: rule.id, severity: rule.severity, message: `${rule.message}: "${excerpt(hit[0])}"` });
  }
  return out;
}

function excerpt(s: string): string {
  const clean = s.replace(/[^\x20-\x7E]/g, "?");
  return clean.length > 80 ? `${clean.slice(0, 77)}...` : clean;
}

/** Scans one piece of text; `depth` limits re-scans of decoded payloads. */
export function scanText(text: string, depth = 0): TextFinding[] {
  const out: TextFinding[] = [];
  if (TAG_CHARS.test(text)) {
    const hidden = decodeTags(text);
    out.push({ ruleId: "poison/unicode-tags", severity: "critical", message: `invisible Unicode tag characters spell: "${excerpt(hidden)}"` });
    if (depth < 2) out.push(...scanText(hidden, depth + 1));
  }
  const hiddenZeroWidth = suspiciousZeroWidth(text);
  if (hiddenZeroWidth > 0) {
    out.push({ ruleId: "poison/zero-width", severity: "high", message: `${hiddenZeroWidth} zero-width characters inside Latin text (hidden content or steganography)` });
  }
  if (BIDI.test(text)) out.push({ ruleId: "poison/bidi", severity: "high", message: "bidirectional override characters (text reads differently than it displays)" });
  if (ANSI.test(text)) out.push({ ruleId: "poison/ansi-escape", severity: "high", message: "ANSI escape sequences (can hide text in terminals)" });
  // Strip invisible characters before phrase matching so they cannot split words.
  const visible = text.replace(/[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u180E]|[\u{E0000}-\u{E007F}]/gu, "").replace(ANSI, " ");
  out.push(...scanPhrases(visible));
  if (BIDI.test(text)) {
    // text inside an override is stored reversed: scan it the way it displays
    const reversed = [...visible].reverse().join("");
    for (const f of scanPhrases(reversed)) out.push({ ...f, message: `${f.message} (reversed by a bidi override)` });
  }
  if (depth < 2) {
    for (const blob of visible.match(BASE64) ?? []) {
      const decoded = Buffer.from(blob, "base64").toString("utf8");
      if (printableRatio(decoded) < 0.9) continue;
      const inner = scanText(decoded, depth + 1);
      if (inner.length > 0) {
        out.push({ ruleId: "poison/base64-payload", severity: "high", message: `base64 blob decodes to instructions: "${excerpt(decoded)}"` });
        out.push(...inner.map((f) => ({ ...f, message: `${f.message} (inside base64)` })));
      }
    }
  }
  return dedupe(out);
}

function dedupe(findings: TextFinding[]): TextFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => (seen.has(f.ruleId) ? false : (seen.add(f.ruleId), true)));
}

/** Non-ASCII letters that look like Latin ones (Cyrillic, Greek, fullwidth…) in a tool name. */
export function homoglyphFinding(name: string): TextFinding | undefined {
  if (/^[\x20-\x7E]*$/.test(name)) return undefined;
  const latinish = name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  const confusable = /[\u0400-\u04FF\u0370-\u03FF\uFF00-\uFFEF\u0500-\u052F]/u.test(latinish) && /[A-Za-z]/.test(latinish);
  return {
    ruleId: "poison/homoglyph-name",
    severity: confusable ? "high" : "medium",
    message: confusable
      ? `tool name "${excerpt(name)}" mixes Latin with look-alike letters from another script`
      : `tool name "${excerpt(name)}" has non-ASCII characters`,
  };
}

/** The texts of one tool a client shows a model, each with where it sits. */
export function toolTexts(tool: { name: string; title?: string; description?: string; inputSchema?: unknown }): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  if (tool.title) out.push({ where: "title", text: tool.title });
  if (tool.description) out.push({ where: "description", text: tool.description });
  const walk = (node: unknown, path: string, depth: number) => {
    if (depth > 8 || node === null || typeof node !== "object") return;
    const obj = node as Record<string, unknown>;
    for (const key of ["description", "title"]) {
      if (typeof obj[key] === "string") out.push({ where: `${path}.${key}`, text: obj[key] });
    }
    if (typeof obj.default === "string") out.push({ where: `${path}.default`, text: obj.default });
    if (Array.isArray(obj.enum)) obj.enum.forEach((v, i) => typeof v === "string" && out.push({ where: `${path}.enum[${i}]`, text: v }));
    if (Array.isArray(obj.examples)) obj.examples.forEach((v, i) => typeof v === "string" && out.push({ where: `${path}.examples[${i}]`, text: v }));
    const props = obj.properties;
    if (props && typeof props === "object") {
      for (const [k, v] of Object.entries(props)) {
        if (/[^\x20-\x7E]/.test(k)) out.push({ where: `${path}.properties`, text: k });
        walk(v, `${path}.${k}`, depth + 1);
      }
    }
    if (obj.items) walk(obj.items, `${path}[]`, depth + 1);
  };
  walk(tool.inputSchema, "inputSchema", 0);
  return out;
}

/** Scans a live tool list (and the server's instructions) for poisoning. */
export function scanToolList(
  tools: readonly { name: string; title?: string; description?: string; inputSchema?: unknown }[],
  instructions?: string,
  otherToolNames: readonly string[] = [],
): Finding[] {
  const findings: Finding[] = [];
  if (instructions) {
    for (const f of scanText(instructions)) findings.push({ ...f, scanner: "poisoning", tool: "(server instructions)" });
  }
  for (const tool of tools) {
    const homoglyph = homoglyphFinding(tool.name);
    if (homoglyph) findings.push({ ...homoglyph, scanner: "poisoning", tool: tool.name });
    for (const { where, text } of toolTexts(tool)) {
      for (const f of scanText(text)) findings.push({ ...f, message: `${where}: ${f.message}`, scanner: "poisoning", tool: tool.name });
    }
    if (otherToolNames.includes(tool.name)) {
      findings.push({
        ruleId: "poison/shadowing-name",
        severity: "medium",
        message: `tool name ${tool.name} is already used by another published server`,
        scanner: "poisoning",
        tool: tool.name,
      });
    }
  }
  findings.push(...toxicFlow(tools));
  return findings;
}

/** An untrusted-input reader, a private-data reader and a public sink together can leak data. */
export function toxicFlow(tools: readonly { name: string; description?: string }[]): Finding[] {
  const text = (t: { name: string; description?: string }) => `${t.name.replace(/[_-]/g, " ")} ${t.description ?? ""}`.toLowerCase();
  const untrusted = tools.filter((t) => /\b(public|any|external|untrusted|web|internet|comments?|inbox|emails?)\b/.test(text(t)) && /\b(read|get|fetch|list)\b/.test(text(t)));
  const privateData = tools.filter((t) => /\b(private|secret|internal|personal|confidential)\b/.test(text(t)) && /\b(read|get|fetch|list)\b/.test(text(t)));
  const sinks = tools.filter((t) => /\b(publish|post|create public|public gist|upload|share|send)\b/.test(text(t)));
  if (untrusted.length && privateData.length && sinks.length) {
    return [
      {
        ruleId: "poison/toxic-flow",
        severity: "medium",
        message: `untrusted input (${untrusted[0].name}), private data (${privateData[0].name}) and a public sink (${sinks[0].name}) in one server: a prompt injection can leak private data`,
        scanner: "poisoning",
      },
    ];
  }
  return [];
}
