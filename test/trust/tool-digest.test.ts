import { createPrivateKey } from "node:crypto";
import { generateNodeKey, publicJwkOf } from "../../src/trust/node-identity";
import { signAnswer, verifyAnswer } from "../../src/trust/signed-answer";
import { reportDigest, toolDigest, verdictOf, verdictView } from "../../src/trust/tool-digest";
import { digestMismatches, parseLenient, RemoteEntrySchema } from "../../src/engine/remote-catalog";

const tool = { name: "s.lookup", description: "Looks a word up", version: "1.0.0", inputSchema: { type: "object", properties: { q: { type: "string" } } } };

async function signer() {
  const made = await generateNodeKey(Date.now());
  const key = createPrivateKey({ key: made.privateJwk, format: "jwk" });
  const jwk = await publicJwkOf(key);
  return { key: { kid: jwk.kid, key }, jwk };
}

describe("per-tool digests", () => {
  test("when members are reordered or node metadata changes, then the digest stays; when the definition changes, it does not", () => {
    const d = toolDigest(tool);
    expect(toolDigest({ inputSchema: { properties: { q: { type: "string" } }, type: "object" }, version: "1.0.0", description: "Looks a word up", name: "s.lookup" })).toBe(d);
    expect(toolDigest({ ...tool, tags: ["x"], executable: false } as typeof tool)).toBe(d);
    expect(toolDigest({ ...tool, description: "Looks a word up." })).not.toBe(d);
    expect(toolDigest({ ...tool, annotations: { destructiveHint: true } })).not.toBe(d);
    expect(toolDigest({ ...tool, outputSchema: { type: "object" } })).not.toBe(d);
    expect(d).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  test("when a partner's entry does not hash to its digest, then it is named; entries without a digest are left alone", () => {
    const { items } = parseLenient(
      RemoteEntrySchema,
      [
        { ...tool, digest: toolDigest(tool) },
        { ...tool, name: "s.other", digest: toolDigest(tool) },
        { ...tool, name: "s.old" },
      ],
      10,
    );
    expect([...digestMismatches(items)]).toEqual([["s.other", "definition does not match its signed digest"]]);
  });

  test("when a verdict is malformed, then the entry is kept without one", () => {
    const { items, dropped } = parseLenient(RemoteEntrySchema, [{ ...tool, governance: { decision: "<script>" } }], 10);
    expect(dropped).toBe(0);
    expect(items[0].governance).toBeUndefined();
  });
});

describe("verdicts", () => {
  const report = { name: "weather", version: "1.0.0", decision: "published", createdAt: "2026-01-01T00:00:00.000Z", findings: [] };

  test("when a tool is the operator's or registered, then its verdict says so, a registered one tied to its report", () => {
    expect(verdictOf({ server: "s", origin: "hosted" }, new Map())).toEqual({ decision: "operator" });
    expect(verdictOf({ server: "weather", origin: "registered" }, new Map())).toEqual({ decision: "unknown" });
    expect(verdictOf({ server: "weather", origin: "registered" }, new Map([["weather", report]]))).toEqual({
      decision: "published",
      checkedAt: report.createdAt,
      reportDigest: reportDigest({ ...report, signature: "ignored..sig" }),
    });
  });

  test("when the catalog verified, then the verdict is verified; otherwise it says why not", () => {
    expect(verdictView({ decision: "published" }, true)).toEqual({ decision: "published", verified: true });
    expect(verdictView({ decision: "published" }, false)).toEqual({ decision: "published", verified: false, reason: "the publisher's catalog is not signed" });
    expect(verdictView(undefined, true)).toMatchObject({ decision: "unknown", verified: false });
  });
});

describe("signed answers name the definition they ran", () => {
  const facts = { tool: "s.lookup", args: { q: "x" }, result: { content: [] } };

  test("when the caller expects a definition, then only an answer signed over that definition passes", async () => {
    const s = await signer();
    const d = toolDigest(tool);
    expect(await verifyAnswer(signAnswer({ ...facts, definition: d }, s, "b"), { ...facts, definition: d }, s.jwk.kid)).toEqual({ valid: true });
    const other = await verifyAnswer(signAnswer({ ...facts, definition: toolDigest({ ...tool, description: "changed" }) }, s, "b"), { ...facts, definition: d }, s.jwk.kid);
    expect(other).toEqual({ valid: false, reason: "the tool definition the call ran is not the one the catalog signed", definitionChanged: true });
    const none = await verifyAnswer(signAnswer(facts, s, "b"), { ...facts, definition: d }, s.jwk.kid);
    expect(none).toMatchObject({ valid: false, definitionChanged: true });
  });

  test("when the caller expects none (a partner without digests), then an answer without one passes as before", async () => {
    const s = await signer();
    expect(await verifyAnswer(signAnswer(facts, s, "b"), facts, s.jwk.kid)).toEqual({ valid: true });
  });
});
