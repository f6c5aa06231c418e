import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, SetLevelRequestSchema, type CallToolResult, type Tool } from "@modelcontextprotocol/sdk/types.js";

const OBJ = { type: "object" as const, properties: {} };

/** Tools with every definition field a server may send, for the "kept whole" tests. */
export const DESCRIBED_TOOL: Tool = {
  name: "described",
  title: "A Described Tool",
  description: "Carries every optional field",
  inputSchema: { type: "object", properties: { q: { type: "string" } } },
  outputSchema: { type: "object", properties: { answer: { type: "string" } }, required: ["answer"] },
  annotations: { title: "Described", readOnlyHint: true, openWorldHint: false },
  execution: { taskSupport: "optional" },
  icons: [{ src: "https://example.com/icon.png", mimeType: "image/png", sizes: ["48x48"] }],
  _meta: { ui: { resourceUri: "ui://described/view" }, "com.example/x": 1 },
};

const TOOLS: Tool[] = [
  { name: "count", description: "Counts its calls (across every session)", inputSchema: OBJ },
  { name: "counter", description: "Counts the calls of this session only", inputSchema: OBJ },
  { name: "progress", description: "Reports three steps of progress", inputSchema: OBJ },
  { name: "wait", description: "Waits until cancelled", inputSchema: OBJ },
  { name: "ask", description: "Asks the client for sampling, elicitation and roots", inputSchema: OBJ },
  { name: "rpc-error", description: "Answers with a JSON-RPC error", inputSchema: { type: "object", properties: { code: { type: "number" } } } },
  { name: "task-only", description: "Needs task-based execution", inputSchema: OBJ, execution: { taskSupport: "required" } },
  { name: "log", description: "Logs a line at each of debug, info and error", inputSchema: OBJ },
  DESCRIBED_TOOL,
];

export interface GatewayServerState {
  /** Calls that reached the server, per tool. */
  calls: Record<string, number>;
  /** `wait` calls that saw their cancellation. */
  cancelled: number;
  /** The last level a client set with logging/setLevel. */
  logLevel?: string;
}

const text = (t: string): CallToolResult => ({ content: [{ type: "text", text: t }] });

function buildServer(state: GatewayServerState, json = false): Server {
  const server = new Server({ name: "gateway-server", version: "2.0.0" }, { capabilities: { tools: {}, logging: {} }, instructions: "Use count to count." });
  server.setRequestHandler(SetLevelRequestSchema, async (req) => {
    state.logLevel = req.params.level;
    return {};
  });
  let sessionCalls = 0;
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: TOOLS }));
  server.setRequestHandler(CallToolRequestSchema, async (req, extra): Promise<CallToolResult> => {
    const name = req.params.name;
    state.calls[name] = (state.calls[name] ?? 0) + 1;
    // a server that answers POSTs with JSON has no stream of the call to send requests on: they go on the GET stream
    const related = json ? {} : { relatedRequestId: extra.requestId };
    switch (name) {
      case "count":
        return text(String(state.calls.count));
      case "counter":
        return text(String(++sessionCalls));
      case "progress": {
        const token = extra._meta?.progressToken;
        for (let i = 1; i <= 3 && token !== undefined; i++) {
          await extra.sendNotification({ method: "notifications/progress", params: { progressToken: token, progress: i, total: 3, message: `step ${i}` } });
        }
        return text("done");
      }
      case "wait":
        return new Promise((_resolve, reject) => {
          const timer = setTimeout(() => reject(new Error("never cancelled")), 20_000);
          extra.signal.addEventListener("abort", () => {
            clearTimeout(timer);
            state.cancelled++;
            reject(new Error("cancelled"));
          });
        });
      case "ask": {
        const sampled = await server.createMessage({ messages: [{ role: "user", content: { type: "text", text: "hi" } }], maxTokens: 5 }, related);
        const elicited = await server.elicitInput({ message: "name?", requestedSchema: { type: "object", properties: { name: { type: "string" } } } }, related);
        const roots = await server.listRoots(undefined, related);
        return text(JSON.stringify({ sampled: sampled.content, elicited: elicited.content, roots: roots.roots }));
      }
      case "log":
        for (const level of ["debug", "info", "error"] as const) {
          await extra.sendNotification({ method: "notifications/message", params: { level, logger: "gw", data: `a ${level} line` } });
        }
        return text("logged");
      case "rpc-error":
        throw new McpError(Number((req.params.arguments ?? {}).code ?? ErrorCode.InternalError), "refused on purpose");
      case "task-only":
        throw new McpError(ErrorCode.MethodNotFound, "task-only requires task augmentation");
      case "described":
        return { content: [{ type: "text", text: "42" }], structuredContent: { answer: "42" } };
      default:
        throw new McpError(ErrorCode.InvalidParams, `unknown tool ${name}`);
    }
  });
  return server;
}

export interface GatewayServerOptions {
  /** Answer POSTs with JSON (true) or with an event stream (false). */
  json: boolean;
  /** Stateful: sessions with Mcp-Session-Id (default); false: stateless. */
  sessions?: boolean;
  /** Legacy HTTP+SSE transport (GET /sse, POST /messages) instead of Streamable HTTP. */
  legacySse?: boolean;
  /** Bind this port (a restart on the same address). */
  port?: number;
  /** Sees the headers of every request the server receives. */
  onHeaders?: (headers: IncomingHttpHeaders) => void;
}

export interface GatewayServer {
  url: string;
  port: number;
  state: GatewayServerState;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined;
}

/** A real MCP server (the SDK's Server) on loopback, over Streamable HTTP or legacy SSE. */
export async function startGatewayServer(options: GatewayServerOptions, state: GatewayServerState = { calls: {}, cancelled: 0 }): Promise<GatewayServer> {
  const sessions = new Map<string, StreamableHTTPServerTransport | SSEServerTransport>();
  const http: HttpServer = createServer((req, res) => {
    options.onHeaders?.(req.headers);
    void (async () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      if (options.legacySse) {
        if (req.method === "GET" && url.pathname === "/sse") {
          const transport = new SSEServerTransport("/messages", res);
          sessions.set(transport.sessionId, transport);
          res.on("close", () => sessions.delete(transport.sessionId));
          await buildServer(state).connect(transport);
          return;
        }
        const transport = sessions.get(url.searchParams.get("sessionId") ?? "");
        if (!(transport instanceof SSEServerTransport)) return void res.writeHead(404).end();
        return transport.handlePostMessage(req, res, await readBody(req));
      }
      const body = req.method === "POST" ? await readBody(req) : undefined;
      const id = req.headers["mcp-session-id"];
      if (options.sessions !== false && typeof id === "string") {
        const transport = sessions.get(id);
        if (!(transport instanceof StreamableHTTPServerTransport)) return void res.writeHead(404).end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32001, message: "Session not found" }, id: null }));
        return transport.handleRequest(req, res, body);
      }
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: options.sessions === false ? undefined : () => randomUUID(),
        enableJsonResponse: options.json,
        onsessioninitialized: (sid) => void sessions.set(sid, transport),
      });
      if (options.sessions === false) res.on("close", () => void transport.close());
      await buildServer(state, options.json).connect(transport);
      await transport.handleRequest(req, res, body);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((r) => http.listen(options.port ?? 0, "127.0.0.1", r));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/${options.legacySse ? "sse" : "mcp"}`,
    port,
    state,
    close: () =>
      new Promise<void>((r) => {
        for (const t of sessions.values()) void t.close();
        http.closeAllConnections();
        http.close(() => r());
      }),
  };
}
