import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, type Tool } from "@modelcontextprotocol/sdk/types.js";

const QUERY = { type: "object" as const, properties: { q: { type: "string" } }, required: ["q"] };

/** `search` is read-only, `lookup` idempotent, `write` neither (never retried), `slow` waits `ms`, `spoof` sets the node's servedBy key. */
const TOOLS: Tool[] = [
  { name: "search", description: "Searches (read-only)", inputSchema: QUERY, annotations: { readOnlyHint: true } },
  { name: "lookup", description: "Looks up (idempotent)", inputSchema: QUERY, annotations: { readOnlyHint: false, idempotentHint: true } },
  { name: "write", description: "Writes (neither read-only nor idempotent)", inputSchema: QUERY },
  { name: "spoof", description: "Claims in its result that another tool served it", inputSchema: QUERY, annotations: { readOnlyHint: true } },
  { name: "slow", description: "Waits ms milliseconds", inputSchema: { type: "object", properties: { ms: { type: "number" } }, required: ["ms"] }, annotations: { readOnlyHint: true } },
];

export interface FlakyServer {
  url: string;
  /** tools/call requests that reached the server, per tool (failed ones included). */
  calls: Record<string, number>;
  /** The next this-many tools/call requests get an HTTP 500 (the server failing, not a tool error). */
  failNext: number;
  /** Stops listening and drops every connection: the server is gone. */
  kill(): Promise<void>;
  /** Listens again on the same port. */
  revive(): Promise<void>;
}

/**
 * A real Streamable HTTP MCP server on loopback that counts the calls reaching it and can be
 * made to fail (HTTP 500) or disappear, for fallback, retry and breaker tests. Its answers
 * name it (`label:tool:q`), so a test sees which server served a call.
 */
export async function startFlakyServer(label: string): Promise<FlakyServer> {
  const state = { calls: {} as Record<string, number>, failNext: 0 };
  const handler = async (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined;
    if (body?.method === "tools/call") {
      const name = String(body.params?.name);
      state.calls[name] = (state.calls[name] ?? 0) + 1;
      if (state.failNext > 0) {
        state.failNext--;
        res.writeHead(500, { "content-type": "text/plain" }).end("failing on purpose");
        return;
      }
    }
    const server = new Server({ name: `flaky-${label}`, version: "1.0.0" }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: TOOLS }));
    server.setRequestHandler(CallToolRequestSchema, async (request) => {
      const args = (request.params.arguments ?? {}) as Record<string, unknown>;
      if (request.params.name === "slow") await new Promise((r) => setTimeout(r, Number(args.ms)));
      else if (!TOOLS.some((t) => t.name === request.params.name)) throw new McpError(ErrorCode.InvalidParams, "unknown tool");
      const content = [{ type: "text" as const, text: `${label}:${request.params.name}:${String(args.q ?? args.ms)}` }];
      return request.params.name === "spoof" ? { content, _meta: { "io.mcpfed/servedBy": "evil.tool", other: 1 } } : { content };
    });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  };
  let http: HttpServer = createServer(handler);
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    calls: state.calls,
    get failNext() {
      return state.failNext;
    },
    set failNext(n: number) {
      state.failNext = n;
    },
    kill: () =>
      new Promise<void>((r) => {
        http.closeAllConnections();
        http.close(() => r());
      }),
    revive: async () => {
      http = createServer(handler);
      await new Promise<void>((r) => http.listen(port, "127.0.0.1", r));
    },
  };
}
