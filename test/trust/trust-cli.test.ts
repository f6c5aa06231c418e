import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { decodeJwt, decodeProtectedHeader } from "jose";
import request from "supertest";
import { runCliAsync } from "../support/spawn-cli";
import { auth, startTestNode, tempDir } from "../support/test-node";

const NODE_URL = "https://cli-node.test";
const SECRET = "cli-test-secret-of-at-least-32-characters";

describe("mcpfed token issue and key rotate", () => {
  test("when a token is issued with auth.jwt.secret from the environment, then it is HS256 and the node accepts it", async () => {
    const { dir, cleanup } = tempDir();
    const config = join(dir, "node.json");
    writeFileSync(config, JSON.stringify({ node: { name: "cli-node", db: join(dir, "mcpfed.db") }, identity: { url: NODE_URL }, auth: { jwt: { secret: "${JWT_SECRET}" } } }));
    const out = await runCliAsync(["token", "issue", "--id", "alice", "--scopes", "discover", "--ttl", "10m", "--config", config], { JWT_SECRET: SECRET });
    expect(out.code).toBe(0);
    const token = out.stdout.trim();
    expect(decodeProtectedHeader(token).alg).toBe("HS256");
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: "alice", scope: "discover", aud: NODE_URL, iss: "cli-node" });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(600);
    expect(out.stderr).not.toContain(SECRET);
    const t = await startTestNode({ node: { name: "cli-node" }, identity: { url: NODE_URL }, auth: { jwt: { secret: SECRET } } }, { dir });
    try {
      expect((await request(t.node.app).get("/discover").set(auth(token))).status).toBe(200);
      expect((await request(t.node.app).post("/metadata").set(auth(token)).send([])).status).toBe(403);
    } finally {
      await t.close();
      cleanup();
    }
  });

  test("when the secret is written in clear in the config file, then the CLI refuses with exit 2", async () => {
    const { dir, cleanup } = tempDir();
    const config = join(dir, "node.json");
    writeFileSync(config, JSON.stringify({ auth: { jwt: { secret: SECRET } } }));
    const out = await runCliAsync(["token", "issue", "--id", "alice", "--scopes", "discover", "--config", config]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/auth\.jwt\.secret: not accepted in clear/);
    expect(out.stdout).toBe("");
    cleanup();
  });

  test("when no secret is configured, then the token is EdDSA with the node key, and a key rotation keeps it valid during the grace period", async () => {
    const { dir, cleanup } = tempDir();
    const db = join(dir, "mcpfed.db");
    const config = join(dir, "node.json");
    writeFileSync(config, JSON.stringify({ node: { name: "cli-node", db }, identity: { url: NODE_URL } }));
    const issued = await runCliAsync(["token", "issue", "--id", "svc", "--scopes", "discover,execute", "--config", config]);
    expect(issued.code).toBe(0);
    const token = issued.stdout.trim();
    const header = decodeProtectedHeader(token);
    expect(header.alg).toBe("EdDSA");
    const rotated = await runCliAsync(["key", "rotate", "--config", config]);
    expect(rotated.code).toBe(0);
    const newKid = rotated.stdout.trim();
    expect(newKid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newKid).not.toBe(header.kid);
    expect(rotated.stderr).toContain(`previous key ${header.kid} stays valid for 7 day(s)`);
    const t = await startTestNode({ node: { name: "cli-node" }, identity: { url: NODE_URL } }, { dir });
    try {
      const jwks = await request(t.node.app).get("/.well-known/jwks.json");
      expect(jwks.body.keys.map((k: { kid: string }) => k.kid)).toEqual([newKid, header.kid]);
      expect((await request(t.node.app).get("/discover").set(auth(token))).status).toBe(200);
    } finally {
      await t.close();
      cleanup();
    }
  });

  test("when --ttl is beyond 30 days or not a duration, then the CLI refuses", async () => {
    for (const ttl of ["31d", "soon"]) {
      const out = await runCliAsync(["token", "issue", "--id", "a", "--scopes", "discover", "--ttl", ttl, "--db", ":memory:"]);
      expect(out.code).toBe(1);
      expect(out.stderr).toMatch(/--ttl/);
    }
  });
});
