import { createHash } from "node:crypto";
import pino from "pino";
import request from "supertest";
import { createNode } from "../../src/node/create-node";
import type { PeerConfig } from "../../src/engine";
import { makeTestCerts, type TestCerts } from "../support/test-certs";
import { auth, buildConfig, startListeningNode, tempDir, testServerConfig } from "../support/test-node";

const ADMIN = "client-cert-admin-token-01234567";

/** A node with no shared token (so nothing but the certificate can admit it at the peer). */
async function callerNode(dir: string, name: string, peers: PeerConfig[]) {
  const config = buildConfig(dir, { node: { name, db: `${dir}/${name}.db` }, peers, tokens: [{ id: "admin", sha256: createHash("sha256").update(ADMIN).digest("hex"), scopes: ["admin", "discover", "execute"] }] });
  delete (config as { sharedToken?: string }).sharedToken;
  const node = await createNode(config, { logger: pino({ level: "silent" }), engine: { timeoutMs: 2000, retries: 0, failureLimit: 5, probeIntervalMs: 60_000 } });
  await node.start();
  return node;
}

describe("peers[].tls: the node presents a client certificate to a partner that requires one", () => {
  const temp = tempDir();
  let certs: TestCerts;
  let b: Awaited<ReturnType<typeof startListeningNode>>;

  beforeAll(async () => {
    certs = makeTestCerts(temp.dir);
    b = await startListeningNode({
      node: { name: "org-b", tls: { cert: certs.server.cert, key: certs.server.key, ca: certs.ca.cert, requestClientCert: true } },
      mcpServers: { test: testServerConfig() },
      partners: [{ id: "org-a", certFingerprint: certs.client.fingerprint, scopes: ["discover", "execute", "metadata:read"] }],
    });
  });
  afterAll(async () => {
    await b?.close();
    temp.cleanup();
  });

  test("when the peer entry has the partner-issued certificate, then the catalog is pulled and calls are forwarded over mTLS", async () => {
    const a = await callerNode(temp.dir, "org-a", [{ url: b.url, tls: { cert: certs.client.cert, key: certs.client.key, ca: certs.ca.cert } }]);
    try {
      await a.engine.refresh();
      expect(a.engine.peers()[0]).toMatchObject({ state: "online", trust: { status: "verified" } });
      const res = await request(a.app).post("/execute").set(auth(ADMIN)).send({ mcp_name: `test.add@${b.host}`, kwargs: { a: 4, b: 5 } });
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body.result)).toContain("9");
    } finally {
      await a.stop();
    }
  });

  test("when the certificate is not from the partner's CA, or there is none, then the partner refuses", async () => {
    const [rogue, none] = await Promise.all([
      callerNode(temp.dir, "org-rogue", [{ url: b.url, tls: { cert: certs.rogue.cert, key: certs.rogue.key, ca: certs.ca.cert } }]),
      callerNode(temp.dir, "org-none", [{ url: b.url, tls: { cert: certs.client.cert, key: certs.client.key, ca: certs.ca.cert } }].map(({ url }) => ({ url }))),
    ]);
    try {
      await Promise.all([rogue.engine.refresh(), none.engine.refresh()]);
      for (const n of [rogue, none]) {
        expect(n.engine.peers()[0].state).not.toBe("online");
        expect(n.engine.entries().some((e) => e.id === `test.add@${b.host}`)).toBe(false);
      }
    } finally {
      await Promise.all([rogue.stop(), none.stop()]);
    }
  });
});
