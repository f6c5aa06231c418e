import { decodeLayers } from "./descriptions/decode";
import {
  identifierWords,
  promptTexts,
  resourceTexts,
  toolTexts,
  type PlacedText,
  type PromptDefinition,
  type ResourceDefinition,
  type ToolDefinition,
} from "./descriptions/definition-texts";
import { outOfScopeParameters } from "./descriptions/parameters";
import { FederationNames, shadowingFinding } from "./descriptions/shadowing";
import { despaceText, joinSpacedLetters, normalizeText } from "./descriptions/normalize";
import { detectTechniques, type TextContext } from "./descriptions/techniques";
import { hiddenInstruction } from "./descriptions/hidden-instruction";
import { identifierSentence } from "./descriptions/identifier-sentence";
import { namesItsOwnAct, schemaFieldNames } from "./descriptions/own-scope";
import { atLeast, type Finding, type Severity } from "./findings";

export { toolTexts } from "./descriptions/definition-texts";

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

const TAG_CHARS = /[\u{E0000}-\u{E007F}]/u;
const TAG_RUN = /[\u{E0000}-\u{E007F}]+/gu;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\u2061-\u2064\uFEFF\u180E]/u;
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F]/u;
const ANSI = /\u001B(\[[0-9;?]*[ -/]*[@-~]|\][^\u0007]*\u0007?)/u;

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

function excerpt(s: string): string {
  const clean = s.replace(/[^\x20-\x7E]/g, "?");
  return clean.length > 80 ? `${clean.slice(0, 77)}...` : clean;
}

/** Scans one piece of text; `depth` limits re-scans of decoded payloads. */
export function scanText(text: string, depth = 0, ctx: TextContext = {}): TextFinding[] {
  const out: TextFinding[] = [];
  if (TAG_CHARS.test(text)) {
    const hidden = decodeTags(text);
    out.push({ ruleId: "poison/unicode-tags", severity: "critical", message: `invisible Unicode tag characters spell: "${excerpt(hidden)}"` });
    if (depth < 2) out.push(...scanText(hidden, depth + 1, ctx));
  }
  const hiddenZeroWidth = suspiciousZeroWidth(text);
  if (hiddenZeroWidth > 0) {
    out.push({ ruleId: "poison/zero-width", severity: "high", message: `${hiddenZeroWidth} zero-width characters inside Latin text (hidden content or steganography)` });
  }
  if (BIDI.test(text)) out.push({ ruleId: "poison/bidi", severity: "high", message: "bidirectional override characters (text reads differently than it displays)" });
  if (ANSI.test(text)) out.push({ ruleId: "poison/ansi-escape", severity: "high", message: "ANSI escape sequences (can hide text in terminals)" });
  // what the model reads: invisible characters gone, compatibility forms folded, look-alikes mapped
  const visible = normalizeText(text.replace(ANSI, " "));
  out.push(...readings(visible).flatMap((t) => detectTechniques(t, ctx)));
  if (BIDI.test(text)) {
    // text inside an override is stored reversed: scan it the way it displays
    const reversed = [...visible].reverse().join("");
    for (const f of detectTechniques(reversed, ctx)) out.push({ ...f, message: `${f.message} (reversed by a bidi override)` });
  }
  for (const comment of hiddenComments(visible)) {
    const inner = detectTechniques(comment, ctx);
    if (inner.some((f) => atLeast(f.severity, "high"))) out.push({ ruleId: "poison/hidden-comment", severity: "high", message: `a comment the user does not see instructs the model: "${excerpt(comment)}"` });
  }
  if (depth < 2) out.push(...scanDecoded(visible, depth, ctx));
  return dedupe(out);
}

/** The text as written, and with letters spelled out one by one joined back into words. */
function readings(visible: string): string[] {
  const out = [visible];
  for (const reading of [despaceText(visible), joinSpacedLetters(visible)]) if (!out.includes(reading)) out.push(reading);
  return out;
}

/** Markdown and HTML comments: rendered to nobody, read by the model. */
function hiddenComments(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/<!--([\s\S]*?)(?:-->|$)|^\s*\[(?:\/\/|comment)\]:\s*#\s*[("]([^\n]*)[)"]\s*$/gim)) out.push((m[1] ?? m[2] ?? "").trim());
  return out.filter((c) => c.length > 0);
}

/**
 * Runs the checks over every decodable payload; reports the payload when it says something.
 * A decoding that reads as prose (a sentence in base64, hex, ROT13, reversed text…) gets the
 * same analysis as plain text, and an instruction hidden that way is high by itself: benign
 * definitions do not hide sentences from the user.
 */
function scanDecoded(visible: string, depth: number, ctx: TextContext): TextFinding[] {
  const out: TextFinding[] = [];
  for (const layer of decodeLayers(visible)) {
    // ROT13 reads every Latin text differently: unless the shifted reading is prose, only its
    // high techniques count, and it is never re-decoded
    const inner =
      layer.encoding === "rot13" && !layer.hidden
        ? detectTechniques(normalizeText(layer.text).replace(/[^\p{Script=Latin}\p{N}\p{P}\p{Zs}\n~/.$`'"<>]+/gu, " "), ctx).filter((f) => atLeast(f.severity, "high"))
        : scanText(layer.text, layer.encoding === "rot13" || layer.encoding === "reversed" ? 2 : depth + 1, ctx);
    const instructs = layer.hidden && hiddenInstruction(normalizeText(layer.text));
    if (inner.length === 0 && !instructs) continue;
    const ruleId = layer.encoding === "base64" ? "poison/base64-payload" : "poison/encoded-payload";
    out.push({ ruleId, severity: "high", message: `${layer.encoding} text decodes to instructions: "${excerpt(layer.text)}"` });
    out.push(...inner.map((f) => ({ ...f, message: `${f.message} (inside ${layer.encoding})` })));
  }
  return out;
}

/** One finding per rule: the most severe (the first of those), so a medium never hides a high. */
function dedupe(findings: TextFinding[]): TextFinding[] {
  const kept = new Map<string, TextFinding>();
  for (const f of findings) {
    const prior = kept.get(f.ruleId);
    if (!prior || (atLeast(f.severity, prior.severity) && f.severity !== prior.severity)) kept.set(f.ruleId, f);
  }
  return [...kept.values()];
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

/** Prompts and resources a server lists beside its tools. */
export interface ServerExtras {
  prompts?: readonly PromptDefinition[];
  resources?: readonly ResourceDefinition[];
}

/** Scans placed texts; identifiers (property names) are read as words. */
function scanPlaced(texts: PlacedText[], ctx: TextContext, tool: string): Finding[] {
  const out: Finding[] = [];
  for (const { where, text, identifier } of texts) {
    const words = identifier ? identifierWords(text) : text;
    for (const f of scanText(words, 0, ctx)) if (!namesItsOwnAct(where, text, f.ruleId, tool)) out.push({ ...f, message: `${where}: ${f.message}`, scanner: "poisoning", tool });
    const order = identifier ? identifierSentence(text, normalizeText(words)) : undefined;
    if (order) out.push({ ...order, message: `${where}: ${order.message}`, scanner: "poisoning", tool });
  }
  return out;
}

/** Scans one tool; `ctx` names its siblings, `federation` the names it may not shadow. */
export function scanTool(tool: ToolDefinition, ctx: TextContext, federation?: FederationNames): Finding[] {
  const findings: Finding[] = [];
  const homoglyph = homoglyphFinding(tool.name);
  if (homoglyph) findings.push({ ...homoglyph, scanner: "poisoning", tool: tool.name });
  const shadow = federation ? shadowingFinding(tool.name, federation) : undefined;
  if (shadow) findings.push({ ...shadow, scanner: "poisoning", tool: tool.name });
  // the tool's own parameters are not other tools ("Deprecated. Use http_path instead.")
  const own: TextContext = { ...ctx, ownFieldNames: [...schemaFieldNames(tool.inputSchema)], toolName: tool.name };
  findings.push(...scanPlaced(toolTexts(tool), own, tool.name));
  for (const f of outOfScopeParameters(tool.inputSchema, `${tool.name} ${tool.description ?? ""}`, ctx.ownToolNames)) findings.push({ ...f, scanner: "poisoning", tool: tool.name });
  return findings;
}

/**
 * Scans a live tool list, the server's instructions, prompts and resources for poisoning.
 * `otherToolNames` are the names already in the federation: a tool that equals or reads the
 * same as one of them shadows it (high).
 */
export function scanToolList(
  tools: readonly ToolDefinition[],
  instructions?: string,
  otherToolNames: readonly string[] = [],
  extras: ServerExtras = {},
): Finding[] {
  const findings: Finding[] = [];
  const ctx: TextContext = { ownToolNames: tools.map((t) => t.name) };
  // the server's own texts (instructions, prompts, resources) document every tool's parameters
  const fields = new Set<string>();
  for (const t of tools) schemaFieldNames(t.inputSchema, fields);
  const serverCtx: TextContext = { ...ctx, ownFieldNames: [...fields] };
  if (instructions) {
    for (const f of scanText(instructions, 0, serverCtx)) findings.push({ ...f, scanner: "poisoning", tool: "(server instructions)" });
  }
  const federation = new FederationNames(otherToolNames);
  for (const tool of tools) findings.push(...scanTool(tool, ctx, federation));
  for (const p of extras.prompts ?? []) findings.push(...scanPlaced(promptTexts(p), serverCtx, `prompt:${p.name}`));
  for (const r of extras.resources ?? []) findings.push(...scanPlaced(resourceTexts(r), serverCtx, `resource:${r.name ?? r.uri ?? r.uriTemplate ?? "?"}`));
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
