import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";

export interface HttpMcpServer {
  url: string;
  calls: number;
  close(): Promise<void>;
}

/** A real Streamable HTTP MCP server on a loopback port (stateless: one transport per request). */
export async function startHttpMcpServer(): Promise<HttpMcpServer> {
  const state = { calls: 0 };
  const build = () => {
    const mcp = new McpServer({ name: "http-test", version: "0.9.0" });
    mcp.registerTool(
      "upper",
      { description: "Upper-cases text", inputSchema: { text: z.string() } },
      async ({ text }) => {
        state.calls++;
        return { content: [{ type: "text", text: text.toUpperCase() }] };
      },
    );
    return mcp;
  };
  const http: Server = createServer(async (req, res) => {
    if (req.url !== "/mcp") {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined;
    const mcp = build();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on("close", () => {
      void transport.close();
      void mcp.close();
    });
    await mcp.connect(transport);
    await transport.handleRequest(req, res, body);
  });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    get calls() {
      return state.calls;
    },
    close: () =>
      new Promise<void>((r) => {
        http.closeAllConnections();
        http.close(() => r());
      }),
  };
}
