import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import {
  CallToolRequestSchema,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { NodeSession } from "./node-session";

export interface BridgeOptions {
  /** The node's base URL (…/mcp is appended unless the URL already ends with it). */
  url: string;
  token?: string;
  timeoutMs?: number;
}

/**
 * `mcpfed connect`: a stdio MCP server that proxies to a node's /mcp, so clients that only
 * launch commands (Claude Desktop's mcpServers) can use a node. Tool lists, calls, resources
 * and list_changed notifications pass through; when the node restarts or drops the session,
 * the bridge opens a new one without the client noticing.
 */
export async function runStdioBridge(options: BridgeOptions): Promise<void> {
  const endpoint = new URL(options.url.replace(/\/+$/, "").endsWith("/mcp") ? options.url : `${options.url.replace(/\/+$/, "")}/mcp`);
  const headers: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  const timeout = options.timeoutMs ?? 60_000;
  let server: Server | undefined;
  const node = new NodeSession({ endpoint, headers, onToolsChanged: () => void server?.sendToolListChanged().catch(() => undefined) });
  const first = await node.open();

  server = new Server(
    { name: first.getServerVersion()?.name ?? "mcpfed", version: first.getServerVersion()?.version ?? "0.1.0" },
    { capabilities: { tools: { listChanged: true }, resources: {} }, instructions: first.getInstructions() },
  );
  server.setRequestHandler(ListToolsRequestSchema, async (req) => node.run((c) => c.listTools(req.params, { timeout })));
  server.setRequestHandler(CallToolRequestSchema, async (req) => node.run((c) => c.callTool(req.params, undefined, { timeout })));
  server.setRequestHandler(ListResourcesRequestSchema, async (req) => node.run((c) => c.listResources(req.params, { timeout })));
  server.setRequestHandler(ReadResourceRequestSchema, async (req) => node.run((c) => c.readResource(req.params, { timeout })));
  const stdio = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    stdio.onclose = () => resolve();
  });
  await server.connect(stdio);
  await closed;
  await node.close();
}
