// The governance bench's committed data (bench/data/governance) and its behaviour when inputs
// are absent: the data files have the shape the bench reads and cover the technique classes and
// languages of issue 11; a bench part whose input is missing prints a one-line note and exits 0.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = join(__dirname, "../..");
const DATA = join(ROOT, "bench/data/governance");

interface Base { technique: string; language: string; text: string }
interface Parameter { technique: string; language: string; name: string; description: string }
interface Shadowing { name: string; federation: string[] }
interface Bases { bases: Base[]; parameters: Parameter[]; shadowing: Shadowing[] }
interface Tool { name: string; description?: string; inputSchema: { type: string } }
interface BenignServer { package: string; version: string; tools: Tool[] }

const readJson = <T>(file: string): T => JSON.parse(readFileSync(join(DATA, file), "utf8")) as T;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildSamples } = require("../../bench/governance-samples") as { buildSamples: (d: Bases, split: string) => Array<{ id: string; technique: string; server: { tools: Tool[] } }> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { convert } = require("../../bench/governance-livemcpbench") as { convert: (entries: unknown[]) => BenignServer[] };

const LANGUAGES = ["en", "zh", "es", "de", "fr", "ja", "ru", "pt"];

describe.each([
  ["dev", "malicious-dev-bases.json", 40],
  ["heldout", "malicious-heldout-bases.json", 30],
  ["heldout2", "malicious-heldout2-bases.json", 120],
  ["heldout3", "malicious-heldout3-bases.json", 150],
  ["heldout4b", "malicious-heldout4b-bases.json", 160],
  ["heldout5", "malicious-heldout5-bases.json", 160],
  ["heldout6", "malicious-heldout6-bases.json", 160],
  ["heldout7", "malicious-heldout7-bases.json", 160],
  ["heldout8", "malicious-heldout8-bases.json", 160],
  ["heldout9", "malicious-heldout9-bases.json", 160],
  ["heldout10", "malicious-heldout10-bases.json", 160],
  ["heldout11", "malicious-heldout11-bases.json", 160],
  ["heldout12", "malicious-heldout12-bases.json", 160],
  ["heldout13", "malicious-heldout13-bases.json", 160],
  ["heldout14", "malicious-heldout14-bases.json", 160],
  ["heldout15", "malicious-heldout15-bases.json", 160],
  ["heldout16", "malicious-heldout16-bases.json", 160],
  ["heldout17", "malicious-heldout17-bases.json", 160],
  ["heldout18", "malicious-heldout18-bases.json", 160],
  ["heldout19", "malicious-heldout19-bases.json", 160],
  ["heldout20", "malicious-heldout20-bases.json", 160],
])("malicious %s bases", (split, file, minBases) => {
  const data = readJson<Bases>(file);

  it("has enough bases, in every language issue 11 names, for every technique class", () => {
    expect(data.bases.length).toBeGreaterThanOrEqual(minBases);
    for (const b of data.bases) expect(b.text.length).toBeGreaterThan(20);
    expect(new Set(data.bases.map((b) => b.language))).toEqual(new Set(LANGUAGES));
    const techniques = new Set([...data.bases, ...data.parameters].map((b) => b.technique));
    for (const t of ["model-instruction", "exfiltration", "cross-tool", "self-promotion", "out-of-scope-parameter"]) expect(techniques).toContain(t);
    expect(data.shadowing.length).toBeGreaterThan(0);
    for (const s of data.shadowing) expect(s.federation.length).toBeGreaterThan(0);
  });

  it("builds one valid server listing per sample", () => {
    const samples = buildSamples(data, split);
    expect(samples.length).toBe(3 * data.bases.length + data.parameters.length + data.shadowing.length);
    expect(new Set(samples.map((s) => s.id)).size).toBe(samples.length);
    for (const s of samples) {
      expect(s.server.tools.length).toBeGreaterThan(0);
      for (const t of s.server.tools) expect(t.inputSchema.type).toBe("object");
    }
  });
});

it("keeps the held-out texts apart from the dev texts", () => {
  const dev = new Set(readJson<Bases>("malicious-dev-bases.json").bases.map((b) => b.text));
  const held = readJson<Bases>("malicious-heldout-bases.json");
  for (const b of held.bases) expect(dev.has(b.text)).toBe(false);
});

describe("held-out 2 set", () => {
  const held2 = readJson<Bases>("malicious-heldout2-bases.json");
  const count = (key: "technique" | "language") => held2.bases.reduce((m, b) => m.set(b[key], (m.get(b[key]) ?? 0) + 1), new Map<string, number>());

  it("keeps its texts apart from the dev and held-out texts", () => {
    const earlier = new Set(["malicious-dev-bases.json", "malicious-heldout-bases.json"].flatMap((f) => readJson<Bases>(f).bases.map((b) => b.text)));
    for (const b of held2.bases) expect(earlier.has(b.text)).toBe(false);
    expect(new Set(held2.bases.map((b) => b.text)).size).toBe(held2.bases.length);
  });

  it("covers every technique, mostly instructions, exfiltration and cross-tool steering, in the proportions of issue 11", () => {
    const techniques = count("technique");
    for (const t of ["model-instruction", "exfiltration", "cross-tool", "self-promotion", "destructive-action", "response-manipulation"]) expect(techniques.get(t)).toBeGreaterThanOrEqual(5);
    const main = ["model-instruction", "exfiltration", "cross-tool"].reduce((n, t) => n + (techniques.get(t) ?? 0), 0);
    expect(main / held2.bases.length).toBeGreaterThan(0.6);
    const languages = count("language");
    expect((languages.get("en") ?? 0) / held2.bases.length).toBeGreaterThan(0.3);
    for (const l of LANGUAGES.filter((x) => x !== "en")) expect(languages.get(l)).toBeGreaterThanOrEqual(8);
  });

  it("has at least 15 out-of-scope parameters and 8 shadowing cases, some with look-alike letters", () => {
    expect(held2.parameters.length).toBeGreaterThanOrEqual(15);
    for (const p of held2.parameters) expect(p.technique).toBe("out-of-scope-parameter");
    expect(held2.shadowing.length).toBeGreaterThanOrEqual(8);
    const lookAlike = held2.shadowing.filter((s) => !/^[\x20-\x7e]*$/.test(s.name));
    expect(lookAlike.length).toBeGreaterThan(0);
    // a look-alike name is still a different string from the federation name it imitates
    for (const s of lookAlike) expect(s.federation).not.toContain(s.name);
  });

  it("measures false positives on servers that no other benign set lists", () => {
    const packages = (f: string) => readJson<{ servers: BenignServer[] }>(f).servers.map((s) => s.package);
    const earlier = new Set(["benign-tools.json", "benign-heldout-tools.json"].flatMap(packages));
    const held2Packages = packages("benign-heldout2-tools.json");
    expect(held2Packages.length).toBeGreaterThanOrEqual(8);
    for (const p of held2Packages) expect(earlier.has(p)).toBe(false);
  });
});

describe("held-out 3 set", () => {
  const held3 = readJson<Bases>("malicious-heldout3-bases.json");
  const count = (key: "technique" | "language") => held3.bases.reduce((m, b) => m.set(b[key], (m.get(b[key]) ?? 0) + 1), new Map<string, number>());

  it("keeps its texts apart from every earlier split", () => {
    const earlier = new Set(["malicious-dev-bases.json", "malicious-heldout-bases.json", "malicious-heldout2-bases.json"].flatMap((f) => readJson<Bases>(f).bases.map((b) => b.text)));
    for (const b of held3.bases) expect(earlier.has(b.text)).toBe(false);
    expect(new Set(held3.bases.map((b) => b.text)).size).toBe(held3.bases.length);
  });

  it("covers every technique, mostly instructions, exfiltration and cross-tool steering, en about 40% and the others about 8% each", () => {
    const techniques = count("technique");
    for (const t of ["model-instruction", "exfiltration", "cross-tool", "self-promotion", "destructive-action", "response-manipulation"]) expect(techniques.get(t)).toBeGreaterThanOrEqual(8);
    const main = ["model-instruction", "exfiltration", "cross-tool"].reduce((n, t) => n + (techniques.get(t) ?? 0), 0);
    expect(main / held3.bases.length).toBeGreaterThan(0.7);
    const languages = count("language");
    expect((languages.get("en") ?? 0) / held3.bases.length).toBeGreaterThan(0.35);
    for (const l of LANGUAGES.filter((x) => x !== "en")) expect(languages.get(l)).toBeGreaterThanOrEqual(12);
  });

  it("writes each text in the script of its language", () => {
    const script: Record<string, RegExp> = { zh: /\p{Script=Han}/u, ja: /[\p{Script=Hiragana}\p{Script=Katakana}]/u, ru: /\p{Script=Cyrillic}/u };
    for (const b of held3.bases) if (script[b.language]) expect(b.text).toMatch(script[b.language]);
    for (const b of held3.bases.filter((x) => ["en", "es", "de", "fr", "pt"].includes(x.language))) expect(b.text).not.toMatch(/[\p{Script=Han}\p{Script=Cyrillic}]/u);
  });

  it("has at least 15 out-of-scope parameters in several languages and 8 shadowing cases, some with look-alike letters", () => {
    expect(held3.parameters.length).toBeGreaterThanOrEqual(15);
    for (const p of held3.parameters) expect(p.technique).toBe("out-of-scope-parameter");
    expect(new Set(held3.parameters.map((p) => p.language))).toEqual(new Set(LANGUAGES));
    expect(held3.shadowing.length).toBeGreaterThanOrEqual(8);
    const lookAlike = held3.shadowing.filter((s) => !/^[\x20-\x7e]*$/.test(s.name));
    expect(lookAlike.length).toBeGreaterThan(0);
    for (const s of lookAlike) expect(s.federation).not.toContain(s.name);
    for (const s of held3.shadowing.filter((x) => !lookAlike.includes(x))) expect(s.federation).toContain(s.name);
  });

  it("measures false positives on at least 10 servers that no other benign set lists", () => {
    const packages = (f: string) => readJson<{ servers: BenignServer[] }>(f).servers.map((s) => s.package);
    const earlier = new Set(["benign-tools.json", "benign-heldout-tools.json", "benign-heldout2-tools.json"].flatMap(packages));
    const held3Packages = packages("benign-heldout3-tools.json");
    expect(held3Packages.length).toBeGreaterThanOrEqual(10);
    expect(new Set(held3Packages).size).toBe(held3Packages.length);
    for (const p of held3Packages) expect(earlier.has(p)).toBe(false);
  });
});

describe("held-out 4b set", () => {
  const held4 = readJson<Bases>("malicious-heldout4b-bases.json");
  const count = (key: "technique" | "language") => held4.bases.reduce((m, b) => m.set(b[key], (m.get(b[key]) ?? 0) + 1), new Map<string, number>());

  it("keeps its texts apart from every earlier split and from each other", () => {
    const earlierFiles = ["malicious-dev-bases.json", "malicious-heldout-bases.json", "malicious-heldout2-bases.json", "malicious-heldout3-bases.json"];
    const earlier = new Set(earlierFiles.flatMap((f) => readJson<Bases>(f).bases.map((b) => b.text)));
    for (const b of held4.bases) expect(earlier.has(b.text)).toBe(false);
    expect(new Set(held4.bases.map((b) => b.text)).size).toBe(held4.bases.length);
    const earlierParams = new Set(earlierFiles.flatMap((f) => readJson<Bases>(f).parameters.map((p) => p.name)));
    for (const p of held4.parameters) expect(earlierParams.has(p.name)).toBe(false);
  });

  it("covers every technique, mostly instructions, exfiltration and cross-tool steering, en about 40% and the others about 8% each", () => {
    const techniques = count("technique");
    for (const t of ["model-instruction", "exfiltration", "cross-tool", "self-promotion", "destructive-action", "response-manipulation"]) expect(techniques.get(t)).toBeGreaterThanOrEqual(10);
    const main = ["model-instruction", "exfiltration", "cross-tool"].reduce((n, t) => n + (techniques.get(t) ?? 0), 0);
    expect(main / held4.bases.length).toBeGreaterThan(0.7);
    const languages = count("language");
    expect((languages.get("en") ?? 0) / held4.bases.length).toBeGreaterThan(0.35);
    for (const l of LANGUAGES.filter((x) => x !== "en")) expect(languages.get(l)).toBeGreaterThanOrEqual(12);
  });

  it("writes each text in the script of its language", () => {
    const script: Record<string, RegExp> = { zh: /\p{Script=Han}/u, ja: /[\p{Script=Hiragana}\p{Script=Katakana}]/u, ru: /\p{Script=Cyrillic}/u };
    for (const b of held4.bases) if (script[b.language]) expect(b.text).toMatch(script[b.language]);
    for (const b of held4.bases.filter((x) => ["en", "es", "de", "fr", "pt"].includes(x.language))) expect(b.text).not.toMatch(/[\p{Script=Han}\p{Script=Cyrillic}]/u);
  });

  it("has at least 15 out-of-scope parameters in every language and 8 shadowing cases, some with look-alike letters", () => {
    expect(held4.parameters.length).toBeGreaterThanOrEqual(15);
    for (const p of held4.parameters) expect(p.technique).toBe("out-of-scope-parameter");
    expect(new Set(held4.parameters.map((p) => p.language))).toEqual(new Set(LANGUAGES));
    expect(held4.shadowing.length).toBeGreaterThanOrEqual(8);
    const lookAlike = held4.shadowing.filter((s) => !/^[\x20-\x7e]*$/.test(s.name));
    expect(lookAlike.length).toBeGreaterThan(0);
    for (const s of lookAlike) expect(s.federation).not.toContain(s.name);
    // the look-alike name reads as a federation name once its Cyrillic letters are mapped back
    const latin: Record<string, string> = { "а": "a", "е": "e", "о": "o", "с": "c", "р": "p", "у": "y", "і": "i", "х": "x" };
    for (const s of lookAlike) expect(s.federation).toContain([...s.name].map((c) => latin[c] ?? c).join(""));
    for (const s of held4.shadowing.filter((x) => !lookAlike.includes(x))) expect(s.federation).toContain(s.name);
  });

  it("measures false positives on at least 12 servers that no other benign set lists", () => {
    const packages = (f: string) => readJson<{ servers: BenignServer[] }>(f).servers.map((s) => s.package);
    const earlier = new Set(["benign-tools.json", "benign-heldout-tools.json", "benign-heldout2-tools.json", "benign-heldout3-tools.json"].flatMap(packages));
    const held4Packages = packages("benign-heldout4b-tools.json");
    expect(held4Packages.length).toBeGreaterThanOrEqual(12);
    expect(new Set(held4Packages).size).toBe(held4Packages.length);
    for (const p of held4Packages) expect(earlier.has(p)).toBe(false);
  });
});

// Held-out 5 to 19 are checked alike: each against every split and benign set written before it.
const SPLITS = ["dev", "heldout", "heldout2", "heldout3", "heldout4b", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12", "heldout13", "heldout14", "heldout15", "heldout16", "heldout17", "heldout18", "heldout19", "heldout20"];
const BENIGN_BEFORE = ["benign-tools.json", "benign-heldout-tools.json", "benign-heldout2-tools.json", "benign-heldout3-tools.json", "benign-heldout4b-tools.json", "livemcpbench-tools.json", "benign-heldout5-tools.json", "benign-heldout6-tools.json", "benign-heldout7-tools.json", "benign-heldout8-tools.json", "benign-heldout9-tools.json", "benign-heldout10-tools.json", "benign-heldout11-tools.json", "benign-heldout12-tools.json", "benign-heldout13-tools.json", "benign-heldout14-tools.json", "benign-heldout15-tools.json", "benign-heldout16-tools.json", "benign-heldout17-tools.json", "benign-heldout18-tools.json", "benign-heldout19-tools.json"];

describe.each<[string, number]>([
  ["heldout5", 6],
  ["heldout6", 7],
  ["heldout7", 8],
  ["heldout8", 9],
  ["heldout9", 10],
  ["heldout10", 11],
  ["heldout11", 12],
  ["heldout12", 13],
  ["heldout13", 14],
  ["heldout14", 15],
  ["heldout15", 16],
  ["heldout16", 17],
  ["heldout17", 18],
  ["heldout18", 19],
  ["heldout19", 20],
  ["heldout20", 21],
])("held-out set %s", (split, benignBefore) => {
  const held = readJson<Bases>(`malicious-${split}-bases.json`);
  const count = (key: "technique" | "language") => held.bases.reduce((m, b) => m.set(b[key], (m.get(b[key]) ?? 0) + 1), new Map<string, number>());
  const earlierFiles = SPLITS.slice(0, SPLITS.indexOf(split)).map((x) => `malicious-${x}-bases.json`);

  it("keeps its texts, parameter names and shadowing names apart from every earlier split and from each other", () => {
    const earlier = new Set(earlierFiles.flatMap((f) => readJson<Bases>(f).bases.map((b) => b.text)));
    for (const b of held.bases) expect(earlier.has(b.text)).toBe(false);
    expect(new Set(held.bases.map((b) => b.text)).size).toBe(held.bases.length);
    const earlierParams = new Set(earlierFiles.flatMap((f) => readJson<Bases>(f).parameters.map((p) => p.name)));
    for (const p of held.parameters) expect(earlierParams.has(p.name)).toBe(false);
    const earlierShadows = new Set(earlierFiles.flatMap((f) => readJson<Bases>(f).shadowing.map((x) => x.name)));
    for (const x of held.shadowing) expect(earlierShadows.has(x.name)).toBe(false);
  });

  it("covers every technique, mostly instructions, exfiltration and cross-tool steering, en about 40% and the others about 8% each", () => {
    const techniques = count("technique");
    for (const t of ["model-instruction", "exfiltration", "cross-tool", "self-promotion", "destructive-action", "response-manipulation"]) expect(techniques.get(t)).toBeGreaterThanOrEqual(10);
    const main = ["model-instruction", "exfiltration", "cross-tool"].reduce((n, t) => n + (techniques.get(t) ?? 0), 0);
    expect(main / held.bases.length).toBeGreaterThan(0.7);
    const languages = count("language");
    expect((languages.get("en") ?? 0) / held.bases.length).toBeGreaterThan(0.35);
    for (const l of LANGUAGES.filter((x) => x !== "en")) expect(languages.get(l)).toBeGreaterThanOrEqual(12);
  });

  it("writes each text in the script of its language", () => {
    const script: Record<string, RegExp> = { zh: /\p{Script=Han}/u, ja: /[\p{Script=Hiragana}\p{Script=Katakana}]/u, ru: /\p{Script=Cyrillic}/u };
    for (const b of held.bases) if (script[b.language]) expect(b.text).toMatch(script[b.language]);
    for (const b of held.bases.filter((x) => ["en", "es", "de", "fr", "pt"].includes(x.language))) expect(b.text).not.toMatch(/[\p{Script=Han}\p{Script=Cyrillic}]/u);
  });

  it("has at least 15 out-of-scope parameters in every language and 8 shadowing cases, some with look-alike letters", () => {
    expect(held.parameters.length).toBeGreaterThanOrEqual(15);
    for (const p of held.parameters) expect(p.technique).toBe("out-of-scope-parameter");
    expect(new Set(held.parameters.map((p) => p.language))).toEqual(new Set(LANGUAGES));
    expect(held.shadowing.length).toBeGreaterThanOrEqual(8);
    const lookAlike = held.shadowing.filter((s) => !/^[\x20-\x7e]*$/.test(s.name));
    expect(lookAlike.length).toBeGreaterThan(0);
    for (const s of lookAlike) expect(s.federation).not.toContain(s.name);
    // the look-alike name reads as a federation name once its Cyrillic letters are mapped back
    const latin: Record<string, string> = { "\u0430": "a", "\u0435": "e", "\u043e": "o", "\u0441": "c", "\u0440": "p", "\u0443": "y", "\u0456": "i", "\u0445": "x" };
    for (const s of lookAlike) expect(s.federation).toContain([...s.name].map((c) => latin[c] ?? c).join(""));
    for (const s of held.shadowing.filter((x) => !lookAlike.includes(x))) expect(s.federation).toContain(s.name);
  });

  it("measures false positives on at least 12 servers that no other benign set lists", () => {
    const packages = (f: string) => readJson<{ servers: BenignServer[] }>(f).servers.map((s) => s.package);
    const earlier = new Set(BENIGN_BEFORE.slice(0, benignBefore).flatMap(packages));
    const heldPackages = packages(`benign-${split}-tools.json`);
    expect(heldPackages.length).toBeGreaterThanOrEqual(12);
    expect(new Set(heldPackages).size).toBe(heldPackages.length);
    for (const p of heldPackages) expect(earlier.has(p)).toBe(false);
  });
});

describe.each(["benign-tools.json", "benign-heldout-tools.json", "benign-heldout2-tools.json", "benign-heldout3-tools.json", "benign-heldout4b-tools.json", "benign-heldout5-tools.json", "benign-heldout6-tools.json", "benign-heldout7-tools.json", "benign-heldout8-tools.json", "benign-heldout9-tools.json", "benign-heldout10-tools.json", "benign-heldout11-tools.json", "benign-heldout12-tools.json", "benign-heldout13-tools.json", "benign-heldout14-tools.json", "benign-heldout15-tools.json", "benign-heldout16-tools.json", "benign-heldout17-tools.json", "benign-heldout18-tools.json", "benign-heldout19-tools.json", "benign-heldout20-tools.json", "benign-multilingual-tools.json", "livemcpbench-tools.json"])("benign set %s", (file) => {
  it("lists servers with tool definitions and stays under 2 MB", () => {
    expect(statSync(join(DATA, file)).size).toBeLessThan(2 * 1024 * 1024);
    const { servers } = readJson<{ servers: BenignServer[] }>(file);
    expect(servers.length).toBeGreaterThanOrEqual(6);
    for (const s of servers) {
      expect(s.package).toEqual(expect.any(String));
      expect(s.tools.length).toBeGreaterThan(0);
      for (const t of s.tools) expect(t.inputSchema).toBeDefined();
    }
  });
});

// Held-out 15's, 16's, 17's, 18's, 19's and 20's servers are apart from the multilingual training set too (it is no bench
// part, so BENIGN_BEFORE does not list it).
it.each(["benign-heldout15-tools.json", "benign-heldout16-tools.json", "benign-heldout17-tools.json", "benign-heldout18-tools.json", "benign-heldout19-tools.json", "benign-heldout20-tools.json"])("keeps %s's servers apart from the multilingual training set", (file) => {
  const packages = (f: string) => readJson<{ servers: BenignServer[] }>(f).servers.map((s) => s.package);
  const multilingual = new Set(packages("benign-multilingual-tools.json"));
  for (const p of packages(file)) expect(multilingual.has(p)).toBe(false);
});

// The multilingual set is training data for the clause model (not a bench part): real servers whose
// tools are described in a language other than English. Issue 11 asked for 30; the registry reachable
// here had 11 that answer tools/list without a backend (see the data README), so the floor is 11.
describe("benign set benign-multilingual-tools.json", () => {
  const servers = () => readJson<{ servers: BenignServer[] }>("benign-multilingual-tools.json").servers;
  const descriptions = (s: BenignServer) => s.tools.map((t) => t.description ?? "");
  const nonAsciiLetter = /(?![\x00-\x7f])\p{L}/u;
  const SCRIPTS: Record<string, RegExp> = { Han: /\p{Script=Han}/u, Hiragana: /\p{Script=Hiragana}/u, Katakana: /\p{Script=Katakana}/u, Hangul: /\p{Script=Hangul}/u, Cyrillic: /\p{Script=Cyrillic}/u };

  it("when read, then it lists at least 11 servers that no other benign set lists", () => {
    const packages = (f: string) => readJson<{ servers: BenignServer[] }>(f).servers.map((s) => s.package);
    const others = new Set([...BENIGN_BEFORE, "benign-heldout14-tools.json"].flatMap(packages));
    const mine = servers().map((s) => s.package);
    expect(mine.length).toBeGreaterThanOrEqual(11);
    expect(new Set(mine).size).toBe(mine.length);
    for (const p of mine) expect(others.has(p)).toBe(false);
  });

  it("when read, then most tool descriptions of every server are written in a language other than English", () => {
    for (const s of servers()) {
      const foreign = descriptions(s).filter((d) => nonAsciiLetter.test(d)).length;
      expect({ package: s.package, foreign: foreign * 2 > s.tools.length }).toEqual({ package: s.package, foreign: true });
    }
  });

  it("when read, then at least three non-Latin scripts are present", () => {
    const text = servers().flatMap(descriptions).join("\n");
    const present = Object.entries(SCRIPTS).filter(([, re]) => re.test(text)).map(([name]) => name);
    expect(present.length).toBeGreaterThanOrEqual(3);
  });
});

it("keeps livemcpbench-tools.json in step with bench/data/retrieval/tools.json", () => {
  const entries = JSON.parse(readFileSync(join(ROOT, "bench/data/retrieval/tools.json"), "utf8")) as unknown[];
  expect(readJson<{ servers: BenignServer[] }>("livemcpbench-tools.json").servers).toEqual(JSON.parse(JSON.stringify(convert(entries))));
});

describe("with inputs absent", () => {
  let dir: string;
  beforeEach(() => {
    // a copy of bench/ without its data and with no dist/ beside it: what a clean checkout has
    dir = mkdtempSync(join(tmpdir(), "mcpfed-govbench-"));
    cpSync(join(ROOT, "bench"), join(dir, "bench"), { recursive: true, filter: (p) => !p.includes(`${join(ROOT, "bench", "data")}`) });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("skips the description analysis with one line per missing file", async () => {
    const { stdout } = await run(process.execPath, [join(dir, "bench/governance-descriptions.js")], { timeout: 20_000 });
    expect(stdout).toContain("malicious dev descriptions: skipped (bench/data/governance/malicious-dev-bases.json not found)");
    expect(stdout).toContain("benign LiveMCPBench (dev): skipped (bench/data/governance/livemcpbench-tools.json not found)");
    expect(stdout).toContain("malicious heldout2 descriptions: skipped (bench/data/governance/malicious-heldout2-bases.json not found)");
    expect(stdout).toContain("benign npm servers (held-out 2, tuning half): skipped (bench/data/governance/benign-heldout2-tools.json not found)");
    expect(stdout).toContain("benign npm servers (held-out 2, blind half): skipped (bench/data/governance/benign-heldout2-tools.json not found)");
    expect(stdout).toContain("malicious heldout3 descriptions: skipped (bench/data/governance/malicious-heldout3-bases.json not found)");
    expect(stdout).toContain("benign npm servers (held-out 3): skipped (bench/data/governance/benign-heldout3-tools.json not found)");
    expect(stdout).toContain("malicious heldout4b descriptions: skipped (bench/data/governance/malicious-heldout4b-bases.json not found)");
    expect(stdout).toContain("benign npm servers (held-out 4b): skipped (bench/data/governance/benign-heldout4b-tools.json not found)");
    expect(stdout).toContain("malicious heldout5 descriptions: skipped (bench/data/governance/malicious-heldout5-bases.json not found)");
    expect(stdout).toContain("benign npm servers (held-out 5): skipped (bench/data/governance/benign-heldout5-tools.json not found)");
    expect(stdout).toContain("malicious heldout6 descriptions: skipped (bench/data/governance/malicious-heldout6-bases.json not found)");
    expect(stdout).toContain("benign npm servers (held-out 6): skipped (bench/data/governance/benign-heldout6-tools.json not found)");
    expect(stdout).toContain("malicious heldout7 descriptions: skipped (bench/data/governance/malicious-heldout7-bases.json not found)");
    expect(stdout).toContain("benign npm servers (held-out 7): skipped (bench/data/governance/benign-heldout7-tools.json not found)");
    expect(stdout).toContain("malicious heldout8 descriptions: skipped (bench/data/governance/malicious-heldout8-bases.json not found)");
    expect(stdout).toContain("benign npm servers (held-out 8): skipped (bench/data/governance/benign-heldout8-tools.json not found)");
    expect(stdout).toContain("malicious heldout9 descriptions: skipped (bench/data/governance/malicious-heldout9-bases.json not found)");
    expect(stdout).toContain("benign npm servers (held-out 9): skipped (bench/data/governance/benign-heldout9-tools.json not found)");
    expect(stdout).toContain("malicious heldout10 descriptions: skipped (bench/data/governance/malicious-heldout10-bases.json not found)");
    expect(stdout).toContain("benign npm servers (held-out 10): skipped (bench/data/governance/benign-heldout10-tools.json not found)");
    expect(stdout).toContain("benign npm servers (held-out 11): skipped (bench/data/governance/benign-heldout11-tools.json not found)");
    expect(stdout).toContain("malicious heldout11 descriptions: skipped (bench/data/governance/malicious-heldout11-bases.json not found)");
    expect(stdout).toContain("malicious heldout12 descriptions: skipped (bench/data/governance/malicious-heldout12-bases.json not found)");
    expect(stdout).toContain("benign npm servers (held-out 12): skipped (bench/data/governance/benign-heldout12-tools.json not found)");
    expect(stdout).toContain("malicious heldout13 descriptions: skipped (bench/data/governance/malicious-heldout13-bases.json not found)");
    expect(stdout).toContain("benign npm servers (held-out 13): skipped (bench/data/governance/benign-heldout13-tools.json not found)");
    expect(stdout).toContain("malicious heldout14 descriptions: skipped (bench/data/governance/malicious-heldout14-bases.json not found)");
    expect(stdout).toContain("benign npm servers (held-out 14): skipped (bench/data/governance/benign-heldout14-tools.json not found)");
    expect(stdout).toContain("malicious heldout15 descriptions: skipped (bench/data/governance/malicious-heldout15-bases.json not found)");
    expect(stdout).toContain("benign npm servers (held-out 15): skipped (bench/data/governance/benign-heldout15-tools.json not found)");
    expect(stdout).toContain("malicious heldout16 descriptions: skipped (bench/data/governance/malicious-heldout16-bases.json not found)");
    expect(stdout).toContain("benign npm servers (held-out 16): skipped (bench/data/governance/benign-heldout16-tools.json not found)");
    expect(stdout).toContain("malicious heldout17 descriptions: skipped (bench/data/governance/malicious-heldout17-bases.json not found)");
    expect(stdout).toContain("benign npm servers (held-out 17): skipped (bench/data/governance/benign-heldout17-tools.json not found)");
    expect(stdout).toContain("malicious heldout18 descriptions: skipped (bench/data/governance/malicious-heldout18-bases.json not found)");
    expect(stdout).toContain("benign npm servers (held-out 18): skipped (bench/data/governance/benign-heldout18-tools.json not found)");
    expect(stdout).toContain("malicious heldout19 descriptions: skipped (bench/data/governance/malicious-heldout19-bases.json not found)");
    expect(stdout).toContain("benign npm servers (held-out 19): skipped (bench/data/governance/benign-heldout19-tools.json not found)");
    expect(stdout).toContain("malicious heldout20 descriptions: skipped (bench/data/governance/malicious-heldout20-bases.json not found)");
    expect(stdout).toContain("benign npm servers (held-out 20): skipped (bench/data/governance/benign-heldout20-tools.json not found)");
    expect(stdout).toContain("description analysis summary: skipped");
  });

  it("skips a data file that is not JSON instead of crashing", async () => {
    mkdirSync(join(dir, "bench/data/governance"), { recursive: true });
    writeFileSync(join(dir, "bench/data/governance/malicious-dev-bases.json"), "{ not json");
    const { stdout } = await run(process.execPath, [join(dir, "bench/governance-descriptions.js")], { timeout: 20_000 });
    expect(stdout).toMatch(/malicious dev descriptions: skipped \(bench\/data\/governance\/malicious-dev-bases\.json is not valid JSON/);
  });

  it("says the build is missing instead of crashing", async () => {
    const { stdout } = await run(process.execPath, [join(dir, "bench/governance.js")], { timeout: 20_000 });
    expect(stdout.trim()).toBe("bench/governance: skipped (dist/ not built: run `npm run build` first)");
  });

  it("skips the static sets when their fixtures are absent", async () => {
    const { stdout } = await run(process.execPath, [join(dir, "bench/governance-heldout.js")], { timeout: 20_000 });
    expect(stdout.trim()).toBe("bench/governance: held-out static set: skipped (test/fixtures/governance-heldout/malicious not found)");
  });
});
