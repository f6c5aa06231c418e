import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type FaultMode = "ok" | "slow" | "malformed" | "oversized" | "error500" | "not-json";

export interface FaultPeer {
  url: string;
  mode: FaultMode;
  requests: number;
  close(): Promise<void>;
}

const goodEntry = (name: string) => ({
  name,
  description: `fault peer tool ${name}`,
  version: "1.0.0",
  server: name.split(".")[0],
  tags: ["fault"],
  capabilities: [],
  inputSchema: { type: "object", properties: {} },
  executable: true,
});

/**
 * A partner node that misbehaves on purpose, on a real loopback port: answers slowly, serves
 * malformed or oversized catalogs, or fails with 500s until told to recover.
 */
export async function startFaultPeer(initial: FaultMode = "ok"): Promise<FaultPeer> {
  const state = { mode: initial, requests: 0 };
  const server: Server = createServer((req, res) => {
    state.requests++;
    const json = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.url?.startsWith("/metadata")) return json(200, []);
    switch (state.mode) {
      case "ok":
        return json(200, [goodEntry("fault.one"), goodEntry("fault.two")]);
      case "slow":
        setTimeout(() => json(200, [goodEntry("fault.slow")]), 3000).unref();
        return;
      case "malformed":
        return json(200, [
          goodEntry("fault.good"),
          { name: "bad name with spaces" },
          { description: "no name" },
          42,
          { ...goodEntry("fault.badschema"), inputSchema: "not an object" },
          goodEntry("fault.alsogood"),
        ]);
      case "oversized":
        return json(200, Array.from({ length: 20000 }, (_, i) => ({ ...goodEntry(`fault.t${i}`), description: "x".repeat(200) })));
      case "not-json":
        return res.writeHead(200, { "content-type": "application/json" }).end("{{{ nope");
      case "error500":
        return json(500, { title: "boom" });
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get mode() {
      return state.mode;
    },
    set mode(m: FaultMode) {
      state.mode = m;
    },
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
