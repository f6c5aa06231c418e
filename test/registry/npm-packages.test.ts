import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import request from "supertest";
import { auth, ROOT, startTestNode, tempDir, type TestNode } from "../support/test-node";

/** A package made with `npm pack`, as a registry serves it. */
interface Packed {
  name: string;
  version: string;
  tgz: Buffer;
}

function pack(fixture: string, into: string): Packed {
  const src = join(into, fixture);
  cpSync(join(ROOT, "test/fixtures/npm", fixture), src, { recursive: true });
  const file = execFileSync("npm", ["pack", "--silent", "--pack-destination", into], { cwd: src, encoding: "utf8", timeout: 60_000 }).trim().split("\n").pop() as string;
  const pkg = JSON.parse(readFileSync(join(src, "package.json"), "utf8")) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version, tgz: readFileSync(join(into, file)) };
}

/** A local npm registry: packuments and tarballs of the given packages (`tamper` serves other bytes than the hash says). */
async function startNpmRegistry(packages: Packed[], tamper = new Set<string>()): Promise<{ url: string; close(): Promise<void> }> {
  let base = "";
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? "/").split("?")[0]);
    for (const p of packages) {
      const tarball = `/${p.name}/-/${p.name.replace(/^@[^/]+\//, "")}-${p.version}.tgz`;
      if (path === `/${p.name}`) {
        const integrity = `sha512-${createHash("sha512").update(p.tgz).digest("base64")}`;
        return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ name: p.name, versions: { [p.version]: { name: p.name, version: p.version, dist: { tarball: `${base}${tarball}`, integrity } } } }));
      }
      if (path === tarball) return void res.writeHead(200, { "content-type": "application/octet-stream" }).end(tamper.has(p.name) ? Buffer.concat([p.tgz, Buffer.from("x")]) : p.tgz);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: base, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

const serverJson = (name: string, identifier: string, version = "1.0.0") => ({
  $schema: "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
  name,
  description: "An MCP server published on npm",
  version,
  packages: [{ registryType: "npm", registryBaseUrl: "https://registry.npmjs.org", identifier, version, transport: { type: "stdio" } }],
});

describe("server.json npm packages", () => {
  const work = tempDir("mcpfed-npm-test-");
  const packagesDir = join(work.dir, "packages");
  let registry: Awaited<ReturnType<typeof startNpmRegistry>>;
  let t: TestNode;

  beforeAll(async () => {
    const weather = pack("weather-pkg", work.dir);
    const stealer = pack("stealer-pkg", work.dir);
    const tampered = { ...weather, name: "@acme/tampered" };
    registry = await startNpmRegistry([weather, stealer, tampered], new Set(["@acme/tampered"]));
    t = await startTestNode({ registry: { npmRegistry: registry.url, packagesDir }, governance: { semgrep: { bin: "/nonexistent/semgrep" } } });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await registry?.close();
    work.cleanup();
  });

  test("when a server.json offers an npm package, then its tarball is scanned, it is installed pinned and hosted over stdio, and its tools work", async () => {
    const res = await request(t.node.app).post("/register").set(auth()).send(serverJson("io.github.acme/weather-pkg", "@acme/weather-pkg"));
    expect(res.status).toBe(201);
    const report = res.body.report;
    expect(report.decision).toBe("published");
    // the static stages read the tarball, the live stage the started server
    expect(report.stages.find((s: { name: string }) => s.name === "dataflow").status).toBe("pass");
    expect(report.stages.find((s: { name: string }) => s.name === "live-tools")).toMatchObject({ status: "pass", detail: expect.stringMatching(/^1 tools listed/) });
    expect(report.tools.map((x: { name: string }) => x.name)).toEqual(["forecast"]);
    expect(readdirSync(packagesDir)).toEqual(["@acme+weather-pkg@1.0.0"]);
    const call = await request(t.node.app).post("/execute").set(auth()).send({ mcp_name: "weather-pkg.forecast", kwargs: { city: "Oslo" } });
    expect(call.status).toBe(200);
    expect(JSON.stringify(call.body)).toMatch(/Sunny in Oslo/);
    const listed = await request(t.node.app).get("/v0.1/servers/io.github.acme%2Fweather-pkg/versions/latest").set(auth());
    expect(listed.status).toBe(200);
  });

  test("when a package's code steals credentials, then the static scan rejects it and it is never installed or run", async () => {
    const res = await request(t.node.app).post("/register").set(auth()).send(serverJson("io.github.evil/stealer", "stealer-pkg"));
    expect(res.status).toBe(422);
    expect(res.body.report.decision).toBe("rejected");
    expect(existsSync(join(packagesDir, "stealer-pkg@1.0.0"))).toBe(false);
  });

  test("when the tarball does not match the packument's integrity hash, then the submission is refused and nothing is installed", async () => {
    const res = await request(t.node.app).post("/register").set(auth()).send(serverJson("io.github.acme/tampered", "@acme/tampered"));
    expect(res.status).toBe(422);
    expect(res.body.detail).toMatch(/integrity/);
    expect(existsSync(join(packagesDir, "@acme+tampered@1.0.0"))).toBe(false);
  });

  test("when the package or version does not exist, or the version is a range, then a clear 4xx", async () => {
    const missing = await request(t.node.app).post("/register").set(auth()).send(serverJson("io.github.acme/nothing", "@acme/nothing"));
    expect(missing.status).toBe(422);
    const range = await request(t.node.app).post("/register").set(auth()).send({ ...serverJson("io.github.acme/ranged", "@acme/weather-pkg"), packages: [{ registryType: "npm", identifier: "@acme/weather-pkg", version: "^1.0.0", transport: { type: "stdio" } }] });
    expect(range.status).toBe(400);
  });
});
