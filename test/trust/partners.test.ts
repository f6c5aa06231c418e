import { randomUUID } from "node:crypto";
import { SignJWT, calculateJwkThumbprint } from "jose";
import request from "supertest";
import { makeKey, sign, type IssuerKey } from "../support/jwks-issuer";
import { auth, startListeningNode, startTestNode, type TestNode } from "../support/test-node";

const NODE_URL = "https://receiver.test";

describe("partners authenticating with a signed JWT", () => {
  let partner: Awaited<ReturnType<typeof startListeningNode>>;
  let receiver: TestNode;
  let inlineKey: IssuerKey;
  let otherKid: string;

  beforeAll(async () => {
    // the partner is a real node on loopback; the receiver fetches its published JWKS
    partner = await startListeningNode({ node: { name: "partner-node" } });
    const jwks = (await request(partner.node.app).get("/.well-known/jwks.json")).body as { keys: { kid: string }[] };
    inlineKey = await makeKey("ES256", "inline");
    otherKid = await calculateJwkThumbprint((await makeKey("EdDSA", "x")).publicJwk, "sha256");
    receiver = await startTestNode({
      identity: { url: NODE_URL },
      partners: [
        { id: "partner-node", jwksUrl: `${partner.url}/.well-known/jwks.json`, key: jwks.keys[0].kid, scopes: ["discover", "execute"] },
        { id: "inline-partner", key: inlineKey.publicJwk as unknown as Record<string, unknown>, scopes: ["discover"] },
        { id: "wrong-pin", jwksUrl: `${partner.url}/.well-known/jwks.json`, key: otherKid, scopes: ["discover"] },
      ],
    });
  });
  afterAll(async () => {
    await receiver.close();
    await partner.close();
  });

  const get = (token: string, path = "/discover") => request(receiver.node.app).get(path).set(auth(token));

  test("when the partner node signs an assertion for this node, then it is admitted with the partner's scopes", async () => {
    const token = await partner.node.trust.signNodeAssertion({ audience: NODE_URL });
    expect((await get(token)).status).toBe(200);
  });

  test("when the assertion asks for more than the partner entry grants, then only the intersection applies", async () => {
    const token = await partner.node.trust.signNodeAssertion({ audience: NODE_URL, scopes: ["discover", "metadata:read"] });
    expect((await get(token)).status).toBe(200);
    expect((await get(token, "/metadata")).status).toBe(403);
    const onlyExecute = await partner.node.trust.signNodeAssertion({ audience: NODE_URL, scopes: ["execute"] });
    expect((await get(onlyExecute)).status).toBe(403);
  });

  test("when the assertion is meant for another node, then 401", async () => {
    const token = await partner.node.trust.signNodeAssertion({ audience: "https://someone-else.test" });
    expect((await get(token)).status).toBe(401);
  });

  test("when an assertion lives longer than 5 minutes, then 401", async () => {
    const { kid, key } = await partner.node.trust.identity.signingKey();
    const now = Math.floor(Date.now() / 1000);
    const long = await new SignJWT({}).setProtectedHeader({ alg: "EdDSA", kid }).setIssuer("partner-node").setAudience(NODE_URL).setIssuedAt(now).setExpirationTime(now + 301).setJti(randomUUID()).sign(key);
    expect((await get(long)).status).toBe(401);
    const noExp = await new SignJWT({}).setProtectedHeader({ alg: "EdDSA", kid }).setIssuer("partner-node").setAudience(NODE_URL).setIssuedAt(now).sign(key);
    expect((await get(noExp)).status).toBe(401);
    await expect(partner.node.trust.signNodeAssertion({ audience: NODE_URL, ttlSec: 301 })).rejects.toThrow(RangeError);
  });

  test("when someone else's key signs an assertion in the partner's name, then 401", async () => {
    const rogue = await makeKey("EdDSA", (await partner.node.trust.identity.signingKey()).kid);
    expect((await get(await sign(rogue, { iss: "partner-node", aud: NODE_URL }))).status).toBe(401);
  });

  test("when the pinned thumbprint is not in the partner's JWKS, then 401 even with a valid signature", async () => {
    const { kid, key } = await partner.node.trust.identity.signingKey();
    const token = await new SignJWT({}).setProtectedHeader({ alg: "EdDSA", kid }).setIssuer("wrong-pin").setAudience(NODE_URL).setIssuedAt().setExpirationTime("1m").sign(key);
    expect((await get(token)).status).toBe(401);
  });

  test("when a partner with an inline JWK signs, then it is admitted; an assertion for an unknown partner is not", async () => {
    expect((await get(await sign(inlineKey, { iss: "inline-partner", aud: NODE_URL, exp: Math.floor(Date.now() / 1000) + 60 }))).status).toBe(200);
    expect((await get(await sign(inlineKey, { iss: "stranger", aud: NODE_URL, exp: Math.floor(Date.now() / 1000) + 60 }))).status).toBe(401);
  });
});
