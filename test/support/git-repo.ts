import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { tempDir } from "./test-node";

/** A real git repository in a temp dir with the given files (or a copied folder), one commit. */
export function makeGitRepo(files: Record<string, string>, copyFrom?: string): { url: string; dir: string; cleanup: () => void } {
  const { dir, cleanup } = tempDir("mcpfed-repo-");
  if (copyFrom) cpSync(copyFrom, dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const git = (...args: string[]) =>
    execFileSync("git", args, { cwd: dir, stdio: "ignore", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t" } });
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-q", "-m", "initial");
  return { url: `file://${dir}`, dir, cleanup };
}

/** An ordinary, benign MCP server repository. */
export const BENIGN_SERVER: Record<string, string> = {
  "README.md": "# weather-mcp\nAn MCP server that reports the weather.\n",
  LICENSE: "MIT License\n",
  "package.json": JSON.stringify(
    { name: "weather-mcp", version: "1.0.0", license: "MIT", dependencies: { "@modelcontextprotocol/sdk": "^1.32.2", zod: "^4.0.0" } },
    null,
    2,
  ),
  "package-lock.json": "{}\n",
  "src/index.ts": [
    'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
    'import { z } from "zod";',
    'const server = new McpServer({ name: "weather", version: "1.0.0" });',
    'server.registerTool("forecast", { description: "Returns the forecast for a city.", inputSchema: { city: z.string().describe("City name") } },',
    "  async ({ city }) => ({ content: [{ type: \"text\", text: `Sunny in ${city}` }] }));",
    "export default server;",
    "",
  ].join("\n"),
};
