import pino from "pino";
import request from "supertest";
import { createNode, type McpfedNode } from "../../src/node/create-node";
import { ADMIN_TOKEN, auth, buildConfig, tempDir } from "../support/test-node";

/**
 * `limits.ipPerMinute` holds for requests without credentials. A header that merely looks like a
 * credential (a wrong bearer token) is no credential: it must not take a client out of its
 * address's budget, or anyone escapes the limit by sending `Authorization: Bearer x`.
 */
describe("the per-address limit and invalid credentials", () => {
  const { dir, cleanup } = tempDir();
  let node: McpfedNode;

  beforeAll(async () => {
    node = await createNode(buildConfig(dir, { limits: { ipPerMinute: 3 } }), { logger: pino({ level: "silent" }) });
    await node.start();
  });
  afterAll(async () => {
    await node?.stop();
    cleanup();
  });

  /** Waits past the start of a minute when fewer than 5 s of it are left (fixed windows). */
  const freshWindow = async () => {
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 5_000) await new Promise((r) => setTimeout(r, left + 50));
  };

  test("when requests carry a wrong bearer token, then they count toward the address's budget", async () => {
    await freshWindow();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await request(node.app).get("/healthz").set(auth(`wrong-token-${i}-0000000000000000000`))).status);
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.slice(3)).toEqual([429, 429]);
    // wrong tokens on a route that needs one: refused, and limited too
    expect((await request(node.app).get("/discover").set(auth("another-wrong-token-000000000000000"))).status).toBe(429);
    // a JWT-shaped header is no exception
    expect((await request(node.app).get("/healthz").set(auth("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln"))).status).toBe(429);
  });

  test("when a request carries a valid token, then the address's budget does not apply", async () => {
    expect((await request(node.app).get("/healthz").set(auth(ADMIN_TOKEN))).status).toBe(200);
    expect((await request(node.app).get("/healthz")).status).toBe(429);
  });
});
