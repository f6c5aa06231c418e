import { createPrivateKey } from "node:crypto";
import { CATALOG_SIGNATURE_TYPE, digestOf, signCatalog, verifyCatalog } from "../../src/trust/signed-catalog";
import { generateNodeKey, publicJwkOf } from "../../src/trust/node-identity";

async function freshKey() {
  const stored = await generateNodeKey(Date.now());
  const key = createPrivateKey({ key: stored.privateJwk, format: "jwk" });
  const jwk = await publicJwkOf(key);
  return { key: { kid: jwk.kid, key }, jwk };
}

const entries = [
  { name: "test.add", description: "Adds two numbers", version: "1.0.0", server: "test", tags: [], capabilities: [], inputSchema: { type: "object" }, executable: true },
  { name: "test.echo", description: "Echoes", version: "1.0.0", server: "test", tags: ["x"], capabilities: [], inputSchema: { type: "object" }, executable: true },
];

describe("signCatalog / verifyCatalog", () => {
  test("when a catalog is verified in another member order, then the canonical digest still matches", async () => {
    const k = await freshKey();
    const header = signCatalog(entries, [k], { iss: "org-b", seq: 3 });
    const reordered = JSON.parse(JSON.stringify(entries.map((e) => Object.fromEntries(Object.entries(e).reverse()))));
    const out = await verifyCatalog(header, reordered, {});
    expect(out).toMatchObject({ valid: true, kid: k.jwk.kid, claims: { iss: "org-b", seq: 3, tools: 2, digest: digestOf(entries) } });
  });

  test("when the claims are altered and the signature kept, then it does not verify", async () => {
    const k = await freshKey();
    const [h, p, s] = signCatalog(entries, [k], { iss: "org-b", seq: 3 }).split(".");
    const claims = JSON.parse(Buffer.from(p, "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, seq: claims.seq + 100 })).toString("base64url");
    expect(await verifyCatalog(`${h}.${forged}.${s}`, entries, {})).toMatchObject({ valid: false, reason: expect.stringMatching(/does not verify/) });
  });

  test("when the header names another key than the one that signed, then it does not verify", async () => {
    const [k1, k2] = await Promise.all([freshKey(), freshKey()]);
    const [, p, s] = signCatalog(entries, [k1], { iss: "org-b", seq: 1 }).split(".");
    const [h2] = signCatalog(entries, [k2], { iss: "org-b", seq: 1 }).split(".");
    expect(await verifyCatalog(`${h2}.${p}.${s}`, entries, {})).toMatchObject({ valid: false });
  });

  test("when a tool is dropped from a signed catalog, then the digest no longer matches", async () => {
    const k = await freshKey();
    const header = signCatalog(entries, [k], { iss: "org-b", seq: 1 });
    expect(await verifyCatalog(header, entries.slice(1), {})).toMatchObject({ valid: false, reason: expect.stringMatching(/signed digest/) });
  });

  test.each([
    ["garbage", "not a jws"],
    ["four parts", "a.b.c.d"],
    ["bad base64 json", "e30.e30.AAAA"],
    ["wrong typ", `${Buffer.from(JSON.stringify({ alg: "EdDSA", typ: "JWT", kid: "x", jwk: { kty: "OKP", crv: "Ed25519", x: "A".repeat(43) } })).toString("base64url")}.e30.AAAA`],
    ["empty", ""],
    ["huge", "a".repeat(20_000)],
  ])("when the header is %s, then verification says no and never throws", async (_label, header) => {
    const out = await verifyCatalog(header, entries, {});
    expect(out.valid).toBe(false);
  });

  test("when two signatures carry different claims, then the catalog is refused", async () => {
    const [k1, k2] = await Promise.all([freshKey(), freshKey()]);
    const one = signCatalog(entries, [k1], { iss: "org-b", seq: 1, iat: 1000 });
    const two = signCatalog(entries, [k2], { iss: "org-b", seq: 2, iat: 1000 });
    expect(await verifyCatalog(`${one},${two}`, entries, {})).toMatchObject({ valid: false, reason: expect.stringMatching(/disagree/) });
  });

  test("when a rotation is signed by the new and the old key, then a verifier trusting the old key moves to the new one", async () => {
    const [fresh, old] = await Promise.all([freshKey(), freshKey()]);
    const header = signCatalog(entries, [fresh, old], { iss: "org-b", seq: 5 });
    expect(await verifyCatalog(header, entries, { trustedKey: old.jwk.kid })).toMatchObject({ valid: true, kid: fresh.jwk.kid, keys: [fresh.jwk.kid, old.jwk.kid] });
    // the new key alone is not enough for a verifier that only knows the old one
    const alone = signCatalog(entries, [fresh], { iss: "org-b", seq: 6 });
    expect(await verifyCatalog(alone, entries, { trustedKey: old.jwk.kid })).toMatchObject({ valid: false, offeredKeys: [fresh.jwk.kid] });
  });

  test("when a catalog is older than the last accepted (iat, then seq), then it is a replay", async () => {
    const k = await freshKey();
    const header = signCatalog(entries, [k], { iss: "org-b", seq: 4, iat: 2000 });
    expect(await verifyCatalog(header, entries, { last: { iat: 2001, seq: 0 } })).toMatchObject({ valid: false, reason: expect.stringMatching(/replayed/) });
    expect(await verifyCatalog(header, entries, { last: { iat: 2000, seq: 5 } })).toMatchObject({ valid: false, reason: expect.stringMatching(/replayed/) });
    expect(await verifyCatalog(header, entries, { last: { iat: 2000, seq: 4 } })).toMatchObject({ valid: true });
  });

  test("the JWS header names its type and carries the public key only", async () => {
    const k = await freshKey();
    const [h] = signCatalog(entries, [k], { iss: "org-b", seq: 1 }).split(".");
    const header = JSON.parse(Buffer.from(h, "base64url").toString());
    expect(header).toEqual({ alg: "EdDSA", typ: CATALOG_SIGNATURE_TYPE, kid: k.jwk.kid, jwk: { kty: "OKP", crv: "Ed25519", x: k.jwk.x } });
  });
});
