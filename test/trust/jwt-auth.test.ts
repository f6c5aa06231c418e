import { createSecretKey, createPublicKey } from "node:crypto";
import { SignJWT, UnsecuredJWT, exportSPKI } from "jose";
import request from "supertest";
import { sha256Hex } from "../../src/auth/tokens";
import { RemoteJwks } from "../../src/trust/remote-jwks";
import { makeKey, sign, startIssuer, type IssuerKey, type LocalIssuer } from "../support/jwks-issuer";
import { auth, startTestNode, type TestNode } from "../support/test-node";

const NODE_URL = "https://node.test";
const SECRET = "a-test-secret-of-at-least-32-characters!!";
const STATIC = "static-token-discover-000000000001";

function hs256(claims: Record<string, unknown>, secret = SECRET, header: Record<string, unknown> = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const body: Record<string, unknown> = { iss: "trust-node", aud: NODE_URL, sub: "alice", scope: "discover", iat: now, exp: now + 300, ...claims };
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  return new SignJWT(body).setProtectedHeader({ alg: "HS256", ...header }).sign(createSecretKey(Buffer.from(secret)));
}

describe("JWT bearer tokens", () => {
  let t: TestNode;
  let issuer: LocalIssuer;
  let rsa: IssuerKey;
  let ec: IssuerKey;
  let ed: IssuerKey;
  let inline: IssuerKey;
  const discover = (token: string) => request(t.node.app).get("/discover").set(auth(token));

  beforeAll(async () => {
    [rsa, ec, ed, inline] = await Promise.all([makeKey("RS256", "rsa-1"), makeKey("ES256", "ec-1"), makeKey("EdDSA", "ed-1"), makeKey("ES256", "inline-1")]);
    issuer = await startIssuer([rsa, ec, ed]);
    t = await startTestNode({
      node: { name: "trust-node" },
      identity: { url: NODE_URL },
      tokens: [{ id: "static-org", sha256: sha256Hex(STATIC), scopes: ["discover"] }],
      auth: {
        jwt: {
          secret: SECRET,
          issuers: [
            { issuer: issuer.url, jwksUrl: issuer.jwksUrl, audience: "api://mcpfed-node" },
            { issuer: "https://inline.example", jwks: { keys: [inline.publicJwk as unknown as Record<string, unknown>] }, audience: NODE_URL },
          ],
        },
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await issuer.close();
  });

  test("when a static token is presented, then it still works unchanged", async () => {
    expect((await discover(STATIC)).status).toBe(200);
  });

  test("when an HS256 token signed with the secret is valid, then the request passes", async () => {
    expect((await discover(await hs256({}))).status).toBe(200);
  });

  test.each(["RS256", "ES256", "EdDSA"] as const)("when an issuer's %s token is valid, then the request passes", async (alg) => {
    const key = { RS256: rsa, ES256: ec, EdDSA: ed }[alg];
    const token = await sign(key, { iss: issuer.url, aud: "api://mcpfed-node", sub: "svc-1", scope: "discover execute" });
    expect((await discover(token)).status).toBe(200);
  });

  test("when an inline-JWKS issuer's token carries scp as an array, then its scopes apply", async () => {
    const token = await sign(inline, { iss: "https://inline.example", aud: NODE_URL, client_id: "svc-2", scp: ["discover"] });
    expect((await discover(token)).status).toBe(200);
    const noExec = await request(t.node.app).post("/execute").set(auth(token)).send({ mcp_name: "x.y" });
    expect(noExec.status).toBe(403);
    expect(noExec.headers["www-authenticate"]).toMatch(/error="insufficient_scope", scope="execute"/);
  });

  const now = () => Math.floor(Date.now() / 1000);
  test.each([
    ["expired", { exp: now() - 120 }],
    ["expired beyond the 60 s skew by one second", { exp: now() - 61 }],
    ["without exp", { exp: undefined }],
    ["not yet valid (nbf)", { nbf: now() + 600 }],
    ["issued in the future (iat)", { iat: now() + 600 }],
    ["for another audience", { aud: "https://other-node.test" }],
    ["from an unknown issuer", { iss: "https://evil.example" }],
  ])("when an HS256 token is %s, then 401 and nothing passes", async (_label, claims) => {
    const res = await discover(await hs256(claims));
    expect(res.status).toBe(401);
    expect(res.headers["content-type"]).toMatch(/problem\+json/);
    expect(res.headers["www-authenticate"]).toMatch(/error="invalid_token"/);
  });

  test("when a token is expired but within the clock skew, then it passes", async () => {
    expect((await discover(await hs256({ exp: now() - 30 }))).status).toBe(200);
  });

  test.each(["static-org", "federation"])("when an issuer's token claims the static token id %s as its subject, then 401", async (sub) => {
    const token = await sign(rsa, { iss: issuer.url, aud: "api://mcpfed-node", sub, scope: "discover" });
    expect((await discover(token)).status).toBe(401);
  });

  test("when an issuer's token is for another audience, then 401", async () => {
    const token = await sign(rsa, { iss: issuer.url, aud: NODE_URL, sub: "svc-1", scope: "discover" });
    expect((await discover(token)).status).toBe(401);
  });

  test("when an HS256 token is signed with a wrong secret, then 401", async () => {
    expect((await discover(await hs256({}, "another-secret-of-at-least-32-characters!"))).status).toBe(401);
  });

  test("when a token says alg none, then 401", async () => {
    const token = new UnsecuredJWT({ iss: "trust-node", aud: NODE_URL, sub: "alice", scope: "discover" }).setIssuedAt().setExpirationTime("5m").encode();
    expect((await discover(token)).status).toBe(401);
  });

  test("when an issuer's RSA public key is used as an HS256 secret (algorithm confusion), then 401", async () => {
    const pem = await exportSPKI(createPublicKey({ key: rsa.publicJwk as never, format: "jwk" }));
    const forged = await new SignJWT({ iss: issuer.url, aud: "api://mcpfed-node", sub: "mallory", scope: "admin" })
      .setProtectedHeader({ alg: "HS256", kid: "rsa-1" })
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(createSecretKey(Buffer.from(pem)));
    expect((await discover(forged)).status).toBe(401);
  });

  test("when an issuer's token is HS256 signed with the node's own secret, then 401 (issuers never use the secret)", async () => {
    const forged = await hs256({ iss: issuer.url, aud: "api://mcpfed-node" });
    expect((await discover(forged)).status).toBe(401);
  });

  test("when a token is signed by a key the issuer does not publish, then 401 and the JWKS refetch is rate-limited", async () => {
    const rogue = await makeKey("RS256", "rogue-1");
    const before = issuer.fetches;
    for (let i = 0; i < 5; i++) {
      const token = await sign({ ...rogue, kid: `rogue-${i}` }, { iss: issuer.url, aud: "api://mcpfed-node", sub: "mallory", scope: "discover" });
      expect((await discover(token)).status).toBe(401);
    }
    expect(issuer.fetches - before).toBeLessThanOrEqual(1);
  });

  test("when a token's scopes miss the route's scope, then 403 insufficient_scope", async () => {
    const res = await request(t.node.app).get("/metadata").set(auth(await hs256({ scope: "discover" })));
    expect(res.status).toBe(403);
  });

  test("when a JWT-shaped token is garbage, then 401, not 500", async () => {
    for (const bad of ["eyJhbGciOiJIUzI1NiJ9.e30.", "eyJhbGciOiJIUzI1NiJ9.bm90LWpzb24.c2ln", "eyJ9.eyJ9.eyJ9"]) {
      expect((await discover(bad)).status).toBe(401);
    }
  });
});

describe("issuer key rotation and JWKS limits", () => {
  test("when the issuer rotates to a new kid within the refetch cooldown, then the new key is refused and the JWKS is not refetched", async () => {
    const k1 = await makeKey("ES256", "k1");
    const issuer = await startIssuer([k1]);
    const t = await startTestNode({ identity: { url: NODE_URL }, auth: { jwt: { issuers: [{ issuer: issuer.url, jwksUrl: issuer.jwksUrl, audience: NODE_URL }] } } });
    try {
      const claims = { iss: issuer.url, aud: NODE_URL, sub: "svc", scope: "discover" };
      expect((await request(t.node.app).get("/discover").set(auth(await sign(k1, claims)))).status).toBe(200);
      const k2 = await makeKey("ES256", "k2");
      issuer.keys = [k2];
      // the first fetch happened just now: the cooldown (30 s by default) holds the refetch back
      expect((await request(t.node.app).get("/discover").set(auth(await sign(k2, claims)))).status).toBe(401);
      expect(issuer.fetches).toBe(1);
    } finally {
      await t.close();
      await issuer.close();
    }
  });

  test("when the JWKS document is larger than the cap or too slow, then tokens are refused and the node stays up", async () => {
    const k = await makeKey("ES256", "k");
    const issuer = await startIssuer([k]);
    try {
      issuer.padTo = 200_000;
      const big = new RemoteJwks({ url: issuer.jwksUrl, maxBytes: 64 * 1024 });
      await expect(big.getKey({ alg: "ES256", kid: "k" })).rejects.toThrow();
      issuer.padTo = undefined;
      issuer.delayMs = 500;
      const slow = new RemoteJwks({ url: issuer.jwksUrl, timeoutMs: 100 });
      await expect(slow.getKey({ alg: "ES256", kid: "k" })).rejects.toThrow();
      issuer.delayMs = undefined;
      let clock = 0;
      const ok = new RemoteJwks({ url: issuer.jwksUrl, cooldownMs: 1000, now: () => clock });
      await expect(ok.getKey({ alg: "ES256", kid: "k" })).resolves.toBeDefined();
      const k2 = await makeKey("ES256", "k2");
      issuer.keys = [k, k2];
      await expect(ok.getKey({ alg: "ES256", kid: "k2" })).rejects.toThrow();
      clock += 1001;
      await expect(ok.getKey({ alg: "ES256", kid: "k2" })).resolves.toBeDefined();
    } finally {
      await issuer.close();
    }
  });
});
