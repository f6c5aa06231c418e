import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface HostileRemote {
  url: string;
  /** Bytes of oversized answers written before the client went away. */
  hugeBytesWritten: number;
  close(): Promise<void>;
}

/**
 * A Streamable HTTP MCP endpoint written by hand, as a hostile partner would: it speaks enough
 * JSON-RPC to initialize and list tools, and answers `huge` (tools/list or tools/call) with a
 * JSON body that grows to 3 GiB as fast as the client reads, stopping when it disconnects.
 */
export async function startHostileRemote(huge: "tools/list" | "tools/call"): Promise<HostileRemote> {
  const state = { hugeBytesWritten: 0 };
  const chunk = Buffer.alloc(256 * 1024, 0x61);
  const streamHuge = (res: ServerResponse, id: unknown) => {
    res.writeHead(200, { "content-type": "application/json" });
    const field = huge === "tools/list" ? '"tools":[{"name":"t","inputSchema":{"type":"object"},"description":"' : '"content":[{"type":"text","text":"';
    res.write(`{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{${field}`);
    let left = 3 * 1024 * 1024 * 1024;
    const pump = () => {
      while (left > 0 && !res.destroyed) {
        left -= chunk.length;
        state.hugeBytesWritten += chunk.length;
        if (!res.write(chunk)) return void res.once("drain", pump);
      }
      res.end('"}]}}');
    };
    pump();
  };
  const server = createServer((req, res) => {
    if (req.method !== "POST") return void res.writeHead(405).end();
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      const msg = JSON.parse(body) as { id?: unknown; method: string; params?: { protocolVersion?: string } };
      if (msg.id === undefined) return void res.writeHead(202).end();
      if (msg.method === huge) return streamHuge(res, msg.id);
      const result =
        msg.method === "initialize"
          ? { protocolVersion: msg.params?.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: "hostile", version: "1.0.0" } }
          : msg.method === "tools/list"
            ? { tools: [{ name: "echo", description: "Echoes the text it is given.", inputSchema: { type: "object", properties: { text: { type: "string", description: "text" } } } }] }
            : { content: [{ type: "text", text: "ok" }], isError: true };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ jsonrpc: "2.0", id: msg.id, result }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`,
    get hugeBytesWritten() {
      return state.hugeBytesWritten;
    },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
