/**
 * Encoded payloads hidden in a description: base64, hex, percent-encoding, \u escapes, HTML
 * entities and ROT13. A model decodes these happily, so the decoded text is analysed too.
 */

import { readsAsProse, revealsProse } from "./hidden-text";

export interface DecodedLayer {
  /** How the layer was obtained, e.g. "base64". */
  encoding: string;
  text: string;
  /** The decoding reads as prose its surface does not show: text hidden on purpose. */
  hidden: boolean;
}

const BASE64 = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{20,}={0,2}(?![A-Za-z0-9+/=_-])/g;
const HEX = /(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}[ :]?){12,}(?![0-9A-Fa-f])/g;
const HEX_ESCAPES = /(?:\\x[0-9A-Fa-f]{2}){6,}/g;
const PERCENT = /(?:%[0-9A-Fa-f]{2}[^%\s]{0,3}){6,}/g;
const U_ESCAPES = /(?:\\u[0-9A-Fa-f]{4}){4,}/g;
const ENTITIES = /(?:&#x?[0-9A-Fa-f]{1,6};){4,}/g;
const MAX_LAYERS = 16;

/** Decoded text that reads like words (not binary, not an identifier). */
function textLike(s: string): boolean {
  if (s.length < 8) return false;
  let printable = 0;
  for (const ch of s) if (/[\p{L}\p{N}\p{P}\p{Zs}\n\t]/u.test(ch)) printable++;
  const words = /\p{L}{2,}[\s,.:;]+\p{L}{2,}/u.test(s) || /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{4,}/u.test(s);
  return printable / [...s].length >= 0.9 && words;
}

function rot13(s: string): string {
  return s.replace(/[A-Za-z]/g, (c) => {
    const base = c <= "Z" ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

function utf8(bytes: Buffer): string | undefined {
  const s = bytes.toString("utf8");
  return s.includes("\uFFFD") ? undefined : s;
}

function decodeBase64(run: string): string | undefined {
  if (/^[a-z]+$|^[A-Z]+$|^[0-9]+$/.test(run) || !/[A-Za-z]/.test(run) || !/[0-9+/=]|[a-z][A-Z]/.test(run)) return undefined;
  return utf8(Buffer.from(run.replace(/-/g, "+").replace(/_/g, "/"), "base64"));
}

function decodeHex(run: string): string | undefined {
  const hex = run.replace(/[ :]|\\x/g, "");
  if (hex.length % 2 !== 0 || !/[A-Fa-f]/.test(hex) || !/\d/.test(hex)) return undefined;
  return utf8(Buffer.from(hex, "hex"));
}

function tryDecode(fn: () => string): string | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/**
 * Every decodable run in `text`, decoded, plus the ROT13 reading of the whole text. Only
 * decodings that read like text are kept; the caller decides whether they say anything.
 */
export function decodeLayers(text: string): DecodedLayer[] {
  const out: DecodedLayer[] = [];
  const add = (encoding: string, decoded: string | undefined, hiding = true) => {
    if (decoded !== undefined && out.length < MAX_LAYERS && textLike(decoded)) out.push({ encoding, text: decoded, hidden: hiding && readsAsProse(decoded) });
  };
  for (const run of text.match(BASE64) ?? []) add("base64", decodeBase64(run));
  for (const run of text.match(HEX) ?? []) add("hex", decodeHex(run));
  for (const run of text.match(HEX_ESCAPES) ?? []) add("hex", decodeHex(run));
  for (const run of text.match(PERCENT) ?? []) add("percent-encoding", tryDecode(() => decodeURIComponent(run)), false);
  // URLs carry percent-encoding by nature: the decoded text is analysed, but not held hidden
  if ((text.match(/%[0-9A-Fa-f]{2}/g) ?? []).length >= 3) add("percent-encoding", tryDecode(() => decodeURIComponent(text)), false);
  for (const run of text.match(U_ESCAPES) ?? []) add("unicode escapes", tryDecode(() => JSON.parse(`"${run}"`) as string));
  for (const run of text.match(ENTITIES) ?? []) {
    add("html entities", run.replace(/&#(x?)([0-9A-Fa-f]+);/g, (_m, x: string, n: string) => String.fromCodePoint(parseInt(n, x ? 16 : 10))));
  }
  if (/[A-Za-z]{4,}/.test(text)) {
    const shifted = rot13(text);
    out.push({ encoding: "rot13", text: shifted, hidden: revealsProse(text, shifted) });
  }
  // text stored back to front ("snoitcurtsni suoiverp erongi"): read the right way round
  const reversed = [...text].reverse().join("");
  if (revealsProse(text, reversed)) out.push({ encoding: "reversed", text: reversed, hidden: true });
  return out;
}
