import { readFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { makeTestCerts, type TestCerts } from "../support/test-certs";
import { ADMIN_TOKEN, startListeningNode, tempDir } from "../support/test-node";

interface Answer {
  status: number;
  body: string;
}

function get(url: string, certs: TestCerts, client?: { cert: string; key: string }, token?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      {
        ca: readFileSync(certs.ca.cert),
        ...(client ? { cert: readFileSync(client.cert), key: readFileSync(client.key) } : {}),
        headers: token ? { authorization: `Bearer ${token}` } : {},
        timeout: 5000,
      },
      (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString("utf8")));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

describe("mTLS: HTTPS with client certificates mapped to partners", () => {
  const temp = tempDir();
  let certs: TestCerts;
  let node: Awaited<ReturnType<typeof startListeningNode>>;

  beforeAll(async () => {
    certs = makeTestCerts(temp.dir);
    node = await startListeningNode({
      node: { tls: { cert: certs.server.cert, key: certs.server.key, ca: certs.ca.cert, requestClientCert: true } },
      partners: [
        { id: "partner-a", certFingerprint: certs.client.fingerprint, scopes: ["discover"] },
        { id: "partner-rogue", certFingerprint: certs.rogue.fingerprint, scopes: ["discover", "admin"] },
      ],
    });
  });
  afterAll(async () => {
    await node.close();
    temp.cleanup();
  });

  test("when the node has node.tls, then it serves HTTPS and says so in its URL", async () => {
    expect(node.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect((await get(`${node.url}/healthz`, certs)).status).toBe(200);
  });

  test("when a client presents a certificate from the CA whose fingerprint a partner lists, then it acts as that partner", async () => {
    expect((await get(`${node.url}/discover`, certs, certs.client)).status).toBe(200);
    expect((await get(`${node.url}/metadata`, certs, certs.client)).status).toBe(403);
  });

  test("when a self-signed certificate is presented, then it maps to no one even though a partner lists its fingerprint", async () => {
    expect((await get(`${node.url}/discover`, certs, certs.rogue)).status).toBe(401);
  });

  test("when no certificate is presented, then bearer tokens keep working and no token is 401", async () => {
    expect((await get(`${node.url}/discover`, certs)).status).toBe(401);
    expect((await get(`${node.url}/discover`, certs, undefined, ADMIN_TOKEN)).status).toBe(200);
  });
});

describe("mTLS: mapping by subject", () => {
  const temp = tempDir();
  let certs: TestCerts;
  let node: Awaited<ReturnType<typeof startListeningNode>>;

  beforeAll(async () => {
    certs = makeTestCerts(temp.dir);
    node = await startListeningNode({
      node: { tls: { cert: certs.server.cert, key: certs.server.key, ca: certs.ca.cert, requestClientCert: true } },
      partners: [{ id: "partner-a", subject: "CN=partner-a, O=Partner A", scopes: ["discover"] }],
    });
  });
  afterAll(async () => {
    await node.close();
    temp.cleanup();
  });

  test("when the CA-signed certificate's subject matches, then it is admitted; the rogue with the same subject is not", async () => {
    expect((await get(`${node.url}/discover`, certs, certs.client)).status).toBe(200);
    expect((await get(`${node.url}/discover`, certs, certs.rogue)).status).toBe(401);
  });
});
