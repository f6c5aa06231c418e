import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, loadConfig } from "../../src/config/load-config";
import { tempDir } from "../support/test-node";

function writeConfig(content: unknown): string {
  const { dir } = tempDir();
  const path = join(dir, "node.json");
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

describe("loadConfig", () => {
  const file = writeConfig({
    node: { name: "from-file", port: 7000, host: "127.0.0.2" },
    peers: [{ url: "http://127.0.0.1:9001", token: "${PARTNER_TOKEN}" }],
    federation: { syncInterval: "45s" },
  });

  test("when nothing is given, then defaults apply", () => {
    const c = loadConfig({}, {});
    expect(c.node).toMatchObject({ name: "mcpfed", host: "127.0.0.1", port: 8000, db: "./data/mcpfed.db", logLevel: "info" });
    expect(c.federation.syncInterval).toBe(30_000);
    expect(c.governance.recheckInterval).toBe(600_000);
    expect(Object.isFrozen(c.node)).toBe(true);
  });

  test.each([
    ["file only", {}, {}, { port: 7000, name: "from-file" }],
    ["env over file", {}, { MCPFED_PORT: "7100", MCPFED_NAME: "from-env" }, { port: 7100, name: "from-env" }],
    ["flags over env", { port: 7200 }, { MCPFED_PORT: "7100" }, { port: 7200, name: "from-file" }],
    ["empty env counts as unset", {}, { MCPFED_PORT: "" }, { port: 7000 }],
  ])("precedence: %s", (_label, flags, env, expected) => {
    const c = loadConfig({ config: file, ...flags }, env);
    expect(c.node).toMatchObject(expected);
  });

  test("when ${VAR} is set, then it is substituted; unset, the setting is absent", () => {
    expect(loadConfig({ config: file }, { PARTNER_TOKEN: "abc" }).peers).toEqual([{ url: "http://127.0.0.1:9001", token: "abc" }]);
    expect(loadConfig({ config: file }, { PARTNER_TOKEN: "" }).peers).toEqual([{ url: "http://127.0.0.1:9001" }]);
  });

  test("when peers come from MCP_FEDERATION_NODES or --peer, then they carry the shared token", () => {
    const env = { MCP_FEDERATION_NODES: "http://127.0.0.1:1, http://127.0.0.1:2", MCP_FEDERATION_TOKEN: "s".repeat(20) };
    expect(loadConfig({}, env).peers).toEqual([
      { url: "http://127.0.0.1:1", token: "s".repeat(20) },
      { url: "http://127.0.0.1:2", token: "s".repeat(20) },
    ]);
    expect(loadConfig({ peers: ["http://127.0.0.1:3"] }, env).peers).toEqual([{ url: "http://127.0.0.1:3", token: "s".repeat(20) }]);
    expect(loadConfig({ token: "t".repeat(20) }, env).sharedToken).toBe("t".repeat(20));
  });

  test("when the configuration has several problems, then every one is reported", () => {
    const bad = writeConfig({
      node: { port: 99999, name: "bad name" },
      mcpServers: { "Bad.Name": { command: "x" }, ok: { url: "ftp://x" } },
      tokens: [{ id: "a", sha256: "nothex", scopes: ["fly"] }],
      federation: { syncInterval: "soon" },
      unknownKey: 1,
    });
    let error: ConfigError | undefined;
    try {
      loadConfig({ config: bad }, { MCPFED_PORT: "eighty" });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = error!.problems.join("\n");
    for (const fragment of ["MCPFED_PORT", "node.port", "node.name", "Bad.Name", "mcpServers.ok", "tokens.0.sha256", "tokens.0.scopes", "syncInterval", "unknownKey"]) {
      expect(text).toContain(fragment);
    }
  });

  test.each([["missing file", "/nonexistent/node.json", /ENOENT/], ["bad JSON", writeConfig("{ nope"), /not valid JSON/], ["array", writeConfig("[]"), /JSON object/]])(
    "when the config file is a %s, then a clear problem",
    (_l, path, pattern) => {
      expect(() => loadConfig({ config: path }, {})).toThrow(pattern);
    },
  );

  test("when the shipped default config is loaded, then it is valid", () => {
    const c = loadConfig({ config: join(__dirname, "../../config/node.json") }, {});
    expect(Object.keys(c.mcpServers)).toContain("everything");
  });
});
