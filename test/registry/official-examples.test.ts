import { readFileSync } from "node:fs";
import { join } from "node:path";
import request from "supertest";
import { auth, ROOT, startTestNode, type TestNode } from "../support/test-node";

const example = (path: string) => JSON.parse(readFileSync(join(ROOT, "test/fixtures/registry/official-examples", path), "utf8")) as Record<string, unknown>;

/**
 * The official registry's own server.json examples, submitted as they are: each gets a clear 4xx
 * saying what the node needs (none can be hosted here: no network, user-supplied secrets), never a 500.
 */
describe("the official server.json examples", () => {
  let t: TestNode;
  const submit = async (path: string) => {
    const res = await request(t.node.app).post("/register").set(auth()).send(example(path));
    return { status: res.status, text: JSON.stringify(res.body) };
  };
  beforeAll(async () => {
    t = await startTestNode({ registry: { npmRegistry: "http://127.0.0.1:9" } });
  });
  afterAll(async () => t?.close());

  test("when the minimal example (no remote, no package, no repository) is submitted, then 400 asks for one", async () => {
    const r = await submit("valid/minimal.json");
    expect(r.status).toBe(400);
    expect(r.text).toMatch(/give source_repo \(or repository.url\) or a remote/);
  });

  test("when the remote example (a URL variable with a default, a required secret header) is submitted, then 400 names the header it cannot supply", async () => {
    const r = await submit("valid/with-remote.json");
    expect(r.status).toBe(400);
    expect(r.text).toMatch(/needs header Authorization from its user, which a federation node cannot supply/);
  });

  test("when the package example (a positional argument and a required secret variable) is submitted, then 400 names both", async () => {
    const r = await submit("valid/with-package.json");
    expect(r.status).toBe(400);
    expect(r.text).toMatch(/needs environment variable API_KEY, argument config_path from its user/);
  });

  test("when the invalid examples are submitted, then 400 with the reason", async () => {
    const latest = await submit("invalid/package-version-latest.json");
    expect(latest.status).toBe(400);
    expect(latest.text).toMatch(/exact version/);
    // without a slash the name reads as this node's own manifest name; it still names no source
    const bare = await submit("invalid/bad-name-pattern.json");
    expect(bare.status).toBe(400);
  });
});
