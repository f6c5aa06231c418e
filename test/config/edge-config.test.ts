import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, loadConfig } from "../../src/config/load-config";
import { tempDir } from "../support/test-node";

function writeConfig(content: unknown): string {
  const { dir } = tempDir();
  const path = join(dir, "node.json");
  writeFileSync(path, JSON.stringify(content));
  return path;
}

const problemsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

/** Guards issue 12: "sharedToken is accepted from the config file; bodyLimit is not validated at start-up". */
describe("secrets and limits in the configuration", () => {
  test("when the config file holds sharedToken in clear, then loading fails naming the setting", () => {
    const file = writeConfig({ sharedToken: "a-shared-token-in-clear-000000" });
    const problems = problemsOf(() => loadConfig({ config: file }, {}));
    expect(problems).toEqual([expect.stringMatching(/^sharedToken: not accepted in clear/)]);
  });

  test("when the config file refers to the environment for sharedToken, then it is taken from there", () => {
    const file = writeConfig({ sharedToken: "${MY_SHARED}" });
    expect(loadConfig({ config: file }, { MY_SHARED: "s".repeat(20) }).sharedToken).toBe("s".repeat(20));
  });

  test("when the token comes from MCP_FEDERATION_TOKEN_FILE, then it is read without its newline; a missing file is a problem", () => {
    const { dir } = tempDir();
    const path = join(dir, "token");
    writeFileSync(path, `${"f".repeat(24)}\n`);
    expect(loadConfig({}, { MCP_FEDERATION_TOKEN_FILE: path }).sharedToken).toBe("f".repeat(24));
    expect(loadConfig({ token: "g".repeat(24) }, { MCP_FEDERATION_TOKEN_FILE: path }).sharedToken).toBe("g".repeat(24));
    expect(problemsOf(() => loadConfig({}, { MCP_FEDERATION_TOKEN_FILE: join(dir, "absent") }))).toEqual([expect.stringMatching(/^MCP_FEDERATION_TOKEN_FILE: cannot read/)]);
  });

  test.each([["lots"], ["-1mb"], ["0"], ["1 tb"], [""]])("when node.bodyLimit is %j, then loading fails listing it", (bodyLimit) => {
    const file = writeConfig({ node: { bodyLimit } });
    const problems = problemsOf(() => loadConfig({ config: file }, {}));
    expect(problems).toEqual([expect.stringMatching(/^node\.bodyLimit: /)]);
  });

  test.each([["512kb"], ["1mb"], ["2048"], ["1.5MB"]])("when node.bodyLimit is %j, then it is accepted", (bodyLimit) => {
    expect(loadConfig({ config: writeConfig({ node: { bodyLimit } }) }, {}).node.bodyLimit).toBe(bodyLimit);
  });
});
