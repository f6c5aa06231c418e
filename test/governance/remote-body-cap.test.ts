import request from "supertest";
import { startHostileRemote } from "../support/hostile-remote";
import { auth, startTestNode } from "../support/test-node";

const MiB = 1024 * 1024;
const manifest = (url: string) => ({ name: "bigmouth", description: "A remote that answers far too much", version: "1.0.0", license: "MIT", remote: { type: "streamable-http", url } });

describe("response bodies read from partners' remotes are capped", () => {
  test("when a submitted remote answers tools/list with gigabytes, then the probe stops at the cap and the submission gets a clear 422", async () => {
    const remote = await startHostileRemote("tools/list");
    const t = await startTestNode({ governance: { allowPrivateRemotes: true, maxResponseBytes: 2 * MiB } });
    try {
      const before = process.memoryUsage().rss;
      const res = await request(t.node.app).post("/register").set(auth()).send(manifest(remote.url));
      expect(res.status).toBe(422);
      expect(res.body.detail).toMatch(/exceeded 2097152 bytes/);
      expect(remote.hugeBytesWritten).toBeLessThan(64 * MiB);
      expect(process.memoryUsage().rss - before).toBeLessThan(200 * MiB);
      expect((await request(t.node.app).get("/healthz")).status).toBe(200);
    } finally {
      await t.close();
      await remote.close();
    }
  });

  test("when a published remote answers tools/call with gigabytes, then /execute is a 502 and the node keeps serving", async () => {
    const remote = await startHostileRemote("tools/call");
    const t = await startTestNode({ governance: { allowPrivateRemotes: true, maxResponseBytes: 2 * MiB } });
    try {
      expect((await request(t.node.app).post("/register").set(auth()).send(manifest(remote.url))).status).toBe(201);
      const written = remote.hugeBytesWritten; // the conformance probe's call was cut too
      const res = await request(t.node.app).post("/execute").set(auth()).send({ mcp_name: "bigmouth.echo", kwargs: { text: "hi" } });
      expect(res.status).toBe(502);
      expect(res.body.detail).toMatch(/exceeds 2097152 bytes/);
      expect(remote.hugeBytesWritten - written).toBeLessThan(64 * MiB);
      expect((await request(t.node.app).get("/healthz")).status).toBe(200);
    } finally {
      await t.close();
      await remote.close();
    }
  });
});
