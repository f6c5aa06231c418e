import { join } from "node:path";
import pino from "pino";
import request from "supertest";
import { NodeConfigSchema } from "../../src/config/config-schema";
import { createNode } from "../../src/node/create-node";
import { tempDir } from "../support/test-node";

const SECRET = "jwt-only-secret-of-at-least-32-characters";

describe("a node configured with JWT auth and no static token", () => {
  test("when a request has no token, then it is refused (JWT configuration closes the open loopback mode)", async () => {
    const { dir, cleanup } = tempDir();
    const node = await createNode(NodeConfigSchema.parse({ node: { port: 0, db: join(dir, "db.sqlite") }, auth: { jwt: { secret: SECRET } } }), { logger: pino({ level: "silent" }) });
    try {
      const res = await request(node.app).get("/discover");
      expect(res.status).toBe(401);
      expect(res.headers["www-authenticate"]).toBe('Bearer realm="mcpfed"');
    } finally {
      await node.stop();
      cleanup();
    }
  });

  test("when the host is not loopback, then JWT auth alone is enough to start; without any it is refused", async () => {
    const { dir, cleanup } = tempDir();
    const base = { node: { host: "0.0.0.0", port: 0, db: join(dir, "db.sqlite") } };
    await expect(createNode(NodeConfigSchema.parse(base), { logger: pino({ level: "silent" }) })).rejects.toThrow(/no token is configured/);
    const node = await createNode(NodeConfigSchema.parse({ ...base, partners: [{ id: "p", jwksUrl: "https://p.example/jwks.json", scopes: ["discover"] }] }), { logger: pino({ level: "silent" }) });
    return node.stop().finally(cleanup);
  });
});
