import { createServer, type IncomingHttpHeaders, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { CallToolRequestSchema, ListToolsRequestSchema, McpError, ErrorCode } from "@modelcontextprotocol/sdk/types.js";

export interface ToolDef {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

export interface ToolServer {
  url: string;
  tools: ToolDef[];
  instructions?: string;
  close(): Promise<void>;
}

/**
 * A real Streamable HTTP MCP server on loopback whose tool list the test can change at any
 * time (to publish a clean server, a poisoned one, or one that changes after publication).
 */
export async function startToolServer(tools: ToolDef[], instructions?: string, options: { eventStream?: boolean; onHeaders?: (headers: IncomingHttpHeaders) => void } = {}): Promise<ToolServer> {
  const state: { tools: ToolDef[]; instructions?: string } = { tools, instructions };
  const http: HttpServer = createServer(async (req, res) => {
    options.onHeaders?.(req.headers);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined;
    const server = new Server({ name: "tool-server", version: "1.0.0" }, { capabilities: { tools: {} }, instructions: state.instructions });
    server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: state.tools }));
    server.setRequestHandler(CallToolRequestSchema, async (request) => {
      const tool = state.tools.find((t) => t.name === request.params.name);
      if (!tool) throw new McpError(ErrorCode.InvalidParams, `unknown tool ${request.params.name}`);
      return { content: [{ type: "text", text: `${tool.name}:${JSON.stringify(request.params.arguments ?? {})}` }] };
    });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: !options.eventStream });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    get tools() {
      return state.tools;
    },
    set tools(t: ToolDef[]) {
      state.tools = t;
    },
    get instructions() {
      return state.instructions;
    },
    set instructions(i: string | undefined) {
      state.instructions = i;
    },
    close: () =>
      new Promise<void>((r) => {
        http.closeAllConnections();
        http.close(() => r());
      }),
  };
}
