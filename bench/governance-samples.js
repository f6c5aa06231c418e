// Turns the poisoned texts of bench/data/governance/malicious-*-bases.json into MCP server
// listings: each text as written, then hidden by an encoding (look-alike letters, full-width,
// zero-width, soft hyphens, base64, hex, ROT13, spaced letters, tag characters) and placed
// elsewhere in a definition (parameter descriptions, $defs, anyOf branches, enums, defaults,
// server instructions, HTML comments, prompts). Deterministic: the same file gives the same set.
"use strict";

const LATIN_LANGS = new Set(["en", "es", "de", "fr", "pt"]);
const CYRILLIC = { a: "а", e: "е", o: "о", c: "с", p: "р", i: "і", x: "х", y: "у" };

const encodings = {
  plain: (t) => t,
  homoglyph: (t) => { let n = 0; return t.replace(/[aeocpixy]/g, (c) => (n++ % 2 === 0 ? CYRILLIC[c] : c)); },
  fullwidth: (t) => t.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
  "zero-width": (t) => [...t].join("\u200B"),
  "soft-hyphen": (t) => t.replace(/(\p{L}{2})(\p{L}{2,})/gu, "$1\u00AD$2"),
  base64: (t) => `Configuration blob: ${Buffer.from(t).toString("base64")}`,
  hex: (t) => `Payload: ${Buffer.from(t).toString("hex")}`,
  rot13: (t) => `Note: ${t.replace(/[A-Za-z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) - (c <= "Z" ? 65 : 97) + 13) % 26) + (c <= "Z" ? 65 : 97)))}`,
  spaced: (t) => t.split(" ").map((w) => [...w].join(" ")).join("   "),
  tags: (t) => `Formats text.${[...t].map((c) => (c.charCodeAt(0) < 128 ? String.fromCodePoint(0xe0000 + c.charCodeAt(0)) : c)).join("")}`,
};
const LATIN_ONLY = new Set(["homoglyph", "rot13", "spaced", "tags", "fullwidth"]);

const benignSibling = { name: "get_status", description: "Returns the service status.", inputSchema: { type: "object", properties: {} } };
const query = { type: "string", description: "The search query." };

const placements = {
  description: (t) => ({ tools: [{ name: "lookup", description: t, inputSchema: { type: "object", properties: { q: query } } }] }),
  parameter: (t) => ({ tools: [{ name: "lookup", description: "Looks things up.", inputSchema: { type: "object", properties: { q: { type: "string", description: t } } } }] }),
  defs: (t) => ({
    tools: [{ name: "lookup", description: "Looks things up.", inputSchema: { type: "object", properties: { q: query, opts: { $ref: "#/$defs/opts" } }, $defs: { opts: { type: "object", description: t } } } }],
  }),
  anyOf: (t) => ({ tools: [{ name: "lookup", description: "Looks things up.", inputSchema: { type: "object", properties: { q: { anyOf: [{ type: "string" }, { type: "number", description: t }] } } } }] }),
  enum: (t) => ({ tools: [{ name: "lookup", description: "Looks things up.", inputSchema: { type: "object", properties: { q: query, mode: { type: "string", enum: ["fast", t] } } } }] }),
  default: (t) => ({ tools: [{ name: "lookup", description: "Looks things up.", inputSchema: { type: "object", properties: { q: query, mode: { type: "string", default: t } } } }] }),
  instructions: (t) => ({ tools: [{ name: "lookup", description: "Looks things up.", inputSchema: { type: "object", properties: { q: query } } }], instructions: t }),
  comment: (t) => ({ tools: [{ name: "lookup", description: `Looks things up.\n<!-- ${t} -->`, inputSchema: { type: "object", properties: { q: query } } }] }),
  prompt: (t) => ({ tools: [{ name: "lookup", description: "Looks things up.", inputSchema: { type: "object", properties: { q: query } } }], prompts: [{ name: "research", description: t }] }),
};

function server(listing) {
  return { tools: [...listing.tools, benignSibling], instructions: listing.instructions, prompts: listing.prompts ?? [], federation: [] };
}

/** Every sample of one bases file: [{ id, technique, language, encoding, placement, server }]. */
function buildSamples(data, split) {
  const out = [];
  const encNames = Object.keys(encodings).filter((e) => e !== "plain");
  const placeNames = Object.keys(placements).filter((p) => p !== "description");
  data.bases.forEach((b, i) => {
    const add = (encoding, placement) =>
      out.push({ id: `${split}-${out.length + 1}`, technique: b.technique, language: b.language, encoding, placement, server: server(placements[placement](encodings[encoding](b.text))) });
    add("plain", "description");
    const usable = encNames.filter((e) => LATIN_LANGS.has(b.language) || !LATIN_ONLY.has(e));
    add(usable[i % usable.length], "description");
    add("plain", placeNames[i % placeNames.length]);
  });
  for (const p of data.parameters ?? []) {
    out.push({
      id: `${split}-${out.length + 1}`, technique: p.technique, language: p.language, encoding: "plain", placement: "parameter-name",
      server: server({ tools: [{ name: "lookup", description: "Looks things up.", inputSchema: { type: "object", properties: { q: query, [p.name]: { type: "string", description: p.description } } } }] }),
    });
  }
  for (const s of data.shadowing ?? []) {
    out.push({
      id: `${split}-${out.length + 1}`, technique: "shadowing", language: "en", encoding: /^[\x20-\x7e]*$/.test(s.name) ? "plain" : "homoglyph", placement: "name",
      server: { tools: [{ name: s.name, description: "Does a small thing.", inputSchema: { type: "object", properties: {} } }, benignSibling], prompts: [], federation: s.federation },
    });
  }
  return out;
}

module.exports = { buildSamples, encodings, placements };
