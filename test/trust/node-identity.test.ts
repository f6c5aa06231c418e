import { generateKeyPairSync } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { calculateJwkThumbprint } from "jose";
import request from "supertest";
import { createStores } from "../../src/store/create-stores";
import { NodeKeysStore } from "../../src/store/keys-store";
import { NodeIdentity } from "../../src/trust/node-identity";
import { startTestNode, tempDir, type TestNode } from "../support/test-node";

describe("node identity and /.well-known", () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode({ node: { name: "acme" }, identity: { url: "https://acme.example" } });
  });
  afterAll(() => t.close());

  test("when /.well-known/jwks.json is fetched without a token, then it lists the node's Ed25519 public key and no private part", async () => {
    const res = await request(t.node.app).get("/.well-known/jwks.json");
    expect(res.status).toBe(200);
    expect(res.body.keys).toHaveLength(1);
    const [key] = res.body.keys;
    expect(key).toMatchObject({ kty: "OKP", crv: "Ed25519", use: "sig", alg: "EdDSA" });
    expect(key.kid).toBe(await calculateJwkThumbprint({ kty: "OKP", crv: "Ed25519", x: key.x }, "sha256"));
    expect(JSON.stringify(res.body)).not.toMatch(/"d"/);
  });

  test("when /.well-known/mcpfed.json is fetched without a token, then it names the node, its URL, keys and endpoints", async () => {
    const res = await request(t.node.app).get("/.well-known/mcpfed.json");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: "acme", url: "https://acme.example", endpoints: { mcp: "https://acme.example/mcp", jwks: "https://acme.example/.well-known/jwks.json" } });
    expect(res.body.keys.keys).toHaveLength(1);
    expect(JSON.stringify(res.body)).not.toMatch(/"d"/);
  });

  test("when the node restarts on the same database, then it keeps its key", async () => {
    const before = (await request(t.node.app).get("/.well-known/jwks.json")).body.keys[0].kid;
    const again = await startTestNode({ node: { name: "acme" } }, { dir: t.dir });
    try {
      const after = (await request(again.node.app).get("/.well-known/jwks.json")).body.keys[0].kid;
      expect(after).toBe(before);
    } finally {
      await again.node.stop();
    }
  });
});

describe("key rotation", () => {
  test("when a key is rotated, then both keys are published until the grace period ends, and only the new one signs", async () => {
    const { dir, cleanup } = tempDir();
    const stores = await createStores(join(dir, "k.db"));
    let now = 1_000_000;
    const identity = new NodeIdentity({ store: new NodeKeysStore(stores.keys), rotationGraceMs: 60_000, now: () => now });
    try {
      const first = await identity.signingKey();
      const rotated = await identity.rotate();
      expect(rotated.kid).not.toBe(first.kid);
      expect((await identity.signingKey()).kid).toBe(rotated.kid);
      expect((await identity.publicJwks()).keys.map((k) => k.kid)).toEqual([rotated.kid, first.kid]);
      now += 59_000;
      expect((await identity.publicJwks()).keys).toHaveLength(2);
      now += 2_000;
      expect((await identity.publicJwks()).keys.map((k) => k.kid)).toEqual([rotated.kid]);
      const store = new NodeKeysStore(stores.keys);
      expect(await store.list()).toHaveLength(2);
      expect((await store.getActive())?.kid).toBe(rotated.kid);
    } finally {
      await stores.close();
      cleanup();
    }
  });

  test("when two first requests race, then only one key is made", async () => {
    const { dir, cleanup } = tempDir();
    const stores = await createStores(join(dir, "k.db"));
    try {
      const identity = new NodeIdentity({ store: new NodeKeysStore(stores.keys), rotationGraceMs: 1000 });
      const [a, b] = await Promise.all([identity.signingKey(), identity.signingKey()]);
      expect(a.kid).toBe(b.kid);
      expect(await new NodeKeysStore(stores.keys).list()).toHaveLength(1);
    } finally {
      await stores.close();
      cleanup();
    }
  });
});

describe("identity.keyFile", () => {
  test.each(["pem", "jwk"])("when the key comes from a %s file, then the JWKS publishes its public half", async (format) => {
    const { dir, cleanup } = tempDir();
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const keyFile = join(dir, `node.${format}`);
    writeFileSync(keyFile, format === "pem" ? privateKey.export({ type: "pkcs8", format: "pem" }) : JSON.stringify(privateKey.export({ format: "jwk" })));
    const t = await startTestNode({ identity: { keyFile } }, { dir });
    try {
      const res = await request(t.node.app).get("/.well-known/jwks.json");
      expect(res.body.keys).toHaveLength(1);
      expect(res.body.keys[0].x).toBe(publicKey.export({ format: "jwk" }).x);
      expect(JSON.stringify(res.body)).not.toMatch(/"d"/);
    } finally {
      await t.close();
      cleanup();
    }
  });

  test("when the key file holds a non-Ed25519 key, then the node refuses to start with a clear message", async () => {
    const { dir, cleanup } = tempDir();
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const keyFile = join(dir, "node.pem");
    writeFileSync(keyFile, privateKey.export({ type: "pkcs8", format: "pem" }));
    const t = await startTestNode({ identity: { keyFile } }, { dir }).catch((err: Error) => err);
    expect(t).toBeInstanceOf(Error);
    expect((t as Error).message).toMatch(/must be Ed25519/);
    expect((t as Error).message).not.toMatch(/BEGIN/);
    cleanup();
  });
});
