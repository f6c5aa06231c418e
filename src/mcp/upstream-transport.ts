import { getDefaultEnvironment } from "@modelcontextprotocol/sdk/client/stdio.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { FetchLike, Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { ServerConfig } from "../config/config-schema";
import { BoundedStdioTransport } from "../hosting/bounded-stdio-transport";

/** An upstream connection the pass-through can set the negotiated protocol version on. */
export interface UpstreamTransport extends Transport {
  setProtocolVersion?: (version: string) => void;
  terminateSession?: () => Promise<void>;
}

/**
 * A fresh client transport to a hosted server, for one downstream MCP session: a child process
 * of its own for a stdio server (bounded like the hosting layer's), a session of its own for a
 * Streamable HTTP server (or a legacy HTTP+SSE connection of its own). Environment: the SDK's safe defaults plus the server's own, never the
 * node's secrets.
 */
export function createUpstreamTransport(config: ServerConfig, fetch: FetchLike | undefined, onStderr: (text: string) => void): UpstreamTransport {
  if ("command" in config) {
    return new BoundedStdioTransport({
      command: config.command,
      args: [...config.args],
      env: { ...getDefaultEnvironment(), ...config.env },
      cwd: config.cwd,
      onStderr,
    });
  }
  const init = { requestInit: { headers: { ...config.headers } }, fetch };
  if (config.type === "sse") return new SSEClientTransport(new URL(config.url), init);
  return new StreamableHTTPClientTransport(new URL(config.url), init);
}
