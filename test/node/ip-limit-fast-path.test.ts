import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Request, RequestHandler, Response } from "express";
import { TokenVerifier, sha256Hex } from "../../src/auth/tokens";
import { NodeMetrics } from "../../src/metrics/node-metrics";
import { ipLimiter, perIpLimit } from "../../src/node/ip-limit";

const TOKEN = "ip-limit-fast-path-token-0123456789";

/** A real HTTP server running one limiter middleware before a 200 (a limit error becomes 429). */
async function serve(middleware: RequestHandler): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const request = req as unknown as Request;
    const response = res as unknown as Response;
    middleware(request, response, (err?: unknown) => {
      res.statusCode = err === undefined ? 200 : 429;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Status and every RateLimit header of one answer. */
async function outcome(url: string, withToken: boolean): Promise<{ status: number; headers: Record<string, string> }> {
  const res = await fetch(`${url}/healthz`, { headers: withToken ? { authorization: `Bearer ${TOKEN}` } : {} });
  await res.arrayBuffer();
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    // the reset header counts seconds down: only its presence is compared
    if (name.startsWith("ratelimit")) headers[name] = name === "ratelimit-reset" ? "present" : value;
  });
  return { status: res.status, headers };
}

describe("per-address limit: the pass-through when no limit is set", () => {
  const servers: Server[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  });

  test("when the limit is unset, then set, then removed, then the fast path answers exactly as express-rate-limit alone", async () => {
    let limit: number | undefined;
    const current = () => limit;
    const credentials = { verifier: new TokenVerifier([{ id: "t", sha256: sha256Hex(TOKEN), scopes: ["discover"] }]) };
    const metrics = () => new NodeMetrics({ servers: () => ({}), peers: () => [] });
    const fast = await serve(perIpLimit(current, metrics(), undefined, credentials));
    const general = await serve(ipLimiter(current, metrics(), undefined, credentials));
    servers.push(fast.server, general.server);
    const script: { limit: number | undefined; token: boolean }[] = [
      { limit: undefined, token: false },
      { limit: undefined, token: true },
      { limit: undefined, token: false },
      { limit: 2, token: false },
      { limit: 2, token: true },
      { limit: 2, token: false },
      { limit: 2, token: false },
      { limit: 2, token: true },
      { limit: undefined, token: false },
      { limit: 2, token: false },
    ];
    const seen: { fast: unknown; general: unknown }[] = [];
    for (const step of script) {
      limit = step.limit;
      seen.push({ fast: await outcome(fast.url, step.token), general: await outcome(general.url, step.token) });
    }
    for (const s of seen) expect(s.fast).toEqual(s.general);
    // and the limit really applied: unauthenticated requests past 2 in the window were refused
    expect(seen.map((s) => (s.fast as { status: number }).status)).toEqual([200, 200, 200, 200, 200, 200, 429, 200, 200, 429]);
    expect((seen[0].fast as { headers: object }).headers).toEqual({});
  });
});
