import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import {
  CallToolRequestSchema,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  ToolListChangedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";

export interface BridgeOptions {
  /** The node's base URL (…/mcp is appended unless the URL already ends with it). */
  url: string;
  token?: string;
  timeoutMs?: number;
}

/**
 * `mcpfed connect`: a stdio MCP server that proxies to a node's /mcp, so clients that only
 * launch commands (Claude Desktop's mcpServers) can use a node. Tool lists, calls, resources
 * and list_changed notifications pass through.
 */
export async function runStdioBridge(options: BridgeOptions): Promise<void> {
  const endpoint = new URL(options.url.replace(/\/+$/, "").endsWith("/mcp") ? options.url : `${options.url.replace(/\/+$/, "")}/mcp`);
  const headers: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  const timeout = options.timeoutMs ?? 60_000;
  const upstream = new Client({ name: "mcpfed-connect", version: "0.1.0" });
  await upstream.connect(new StreamableHTTPClientTransport(endpoint, { requestInit: { headers } }), { timeout: 15_000 });

  const server = new Server(
    { name: upstream.getServerVersion()?.name ?? "mcpfed", version: upstream.getServerVersion()?.version ?? "0.1.0" },
    { capabilities: { tools: { listChanged: true }, resources: {} }, instructions: upstream.getInstructions() },
  );
  server.setRequestHandler(ListToolsRequestSchema, async (req) => upstream.listTools(req.params, { timeout }));
  server.setRequestHandler(CallToolRequestSchema, async (req) => upstream.callTool(req.params, undefined, { timeout }));
  server.setRequestHandler(ListResourcesRequestSchema, async (req) => upstream.listResources(req.params, { timeout }));
  server.setRequestHandler(ReadResourceRequestSchema, async (req) => upstream.readResource(req.params, { timeout }));
  upstream.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
    await server.sendToolListChanged().catch(() => undefined);
  });
  const stdio = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    stdio.onclose = () => resolve();
  });
  upstream.onclose = () => void server.close();
  await server.connect(stdio);
  await closed;
  await upstream.close().catch(() => undefined);
}
