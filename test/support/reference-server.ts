import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./test-node";

export const REFERENCE_SERVER = join(ROOT, "test/fixtures/servers/reference-server.js");

export interface ReferenceServer {
  /** The Streamable HTTP endpoint, http://127.0.0.1:PORT/mcp. */
  url: string;
  close(): Promise<void>;
}

/** Starts the reference MCP server (test/fixtures/servers/reference-server.js) over HTTP on a free loopback port. */
export function startReferenceServer(port = 0): Promise<ReferenceServer> {
  const child: ChildProcess = spawn(process.execPath, [REFERENCE_SERVER, "--port", String(port)], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`reference server did not start: ${out}`)), 10_000);
    child.once("exit", (code) => reject(new Error(`reference server exited with ${code}: ${out}`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1],
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill();
          }),
      });
    });
  });
}

/** The stdio form of the reference server, as an mcpServers entry. */
export function referenceStdioConfig(extra: Record<string, unknown> = {}) {
  return { command: process.execPath, args: [REFERENCE_SERVER, "--stdio"], ...extra };
}
