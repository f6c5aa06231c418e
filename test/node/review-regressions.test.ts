import request from "supertest";
import { auth, startListeningNode, startTestNode } from "../support/test-node";
import { BENIGN_SERVER, makeGitRepo } from "../support/git-repo";

describe("regressions found in review", () => {
  test("when a peer added with a trailing slash is deleted, then it does not come back after a restart", async () => {
    const peer = await startListeningNode({ node: { name: "p" } });
    const first = await startTestNode({}, { engine: { retries: 0, timeoutMs: 2000 } });
    const dir = first.dir;
    try {
      expect((await request(first.node.app).post("/peers").set(auth()).send({ url: `${peer.url}/` })).status).toBe(201);
      expect((await request(first.node.app).delete(`/peers/${peer.host}`).set(auth())).status).toBe(204);
      await first.node.stop();
      const second = await startTestNode({}, { dir, engine: { retries: 0, timeoutMs: 2000 } });
      try {
        expect(second.node.engine.peers()).toEqual([]);
        expect((await request(second.node.app).get("/peers").set(auth())).body).toEqual([]);
      } finally {
        await second.close();
      }
    } finally {
      await peer.close();
    }
  });

  test("when a catalog-only submission gets a new version with the same description, then /discover shows only the new version", async () => {
    const repo = makeGitRepo(BENIGN_SERVER);
    const t = await startTestNode({ governance: { allowFileRepos: true, semgrep: { bin: "/nonexistent/semgrep" } } });
    try {
      const submit = (version: string) =>
        request(t.node.app).post("/register").set(auth()).send({ name: "docs-only", description: "Weather documentation for partners", version, license: "MIT", source_repo: repo.url, tags: ["docs"] });
      expect((await submit("1.0.0")).status).toBe(201);
      expect((await submit("1.1.0")).status).toBe(201);
      const d = await request(t.node.app).get("/discover?tag=docs").set(auth());
      expect(d.body).toEqual([expect.objectContaining({ name: "docs-only", version: "1.1.0" })]);
    } finally {
      await t.close();
      repo.cleanup();
    }
  });
});
