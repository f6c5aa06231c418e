import { createServer, type Server } from "node:http";
import { createServer as createHttpsServer, type ServerOptions as HttpsOptions } from "node:https";
import type { AddressInfo } from "node:net";
import type { RequestListener } from "node:http";

export interface ListeningServer {
  server: Server;
  url: string;
  port: number;
  /** Stops accepting, lets in-flight requests finish within `graceMs`, then drops the rest. */
  close(graceMs: number): Promise<void>;
}

/** Binds the app to host:port (0 picks a free port) with bounded header and request times; HTTPS with `tls`. */
export function listen(app: RequestListener, host: string, port: number, tls?: HttpsOptions): Promise<ListeningServer> {
  const limits = { maxHeaderSize: 16 * 1024, requestTimeout: 120_000, headersTimeout: 20_000 };
  // an https.Server is an http.Server to every caller here (same request, close and connection API)
  const server = tls ? (createHttpsServer({ ...limits, ...tls }, app) as unknown as Server) : createServer(limits, app);
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const addr = server.address() as AddressInfo;
      const shownHost = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
      resolve({
        server,
        port: addr.port,
        url: `${tls ? "https" : "http"}://${shownHost}:${addr.port}`,
        close: (graceMs) => closeServer(server, graceMs),
      });
    });
  });
}

function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
