import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface GitHttpServer {
  /** Base URL; a repository at `<root>/<name>` is `${url}/<name>`. */
  url: string;
  port: number;
  /** Requests received and response bytes sent so far. */
  requests: number;
  bytesSent: number;
  close(): Promise<void>;
}

/**
 * A real smart-HTTP git server on loopback: node's http server running `git http-backend` as
 * a CGI for every request, serving the repositories below `root`.
 */
export async function startGitHttpServer(root: string): Promise<GitHttpServer> {
  const state = { requests: 0, bytesSent: 0 };
  const live = new Set<ChildProcess>();
  // http-backend runs upload-pack, which runs pack-objects: kill the whole process group, or a
  // grandchild keeps the pipe (and the test runner) open after a cut transfer.
  const killGroup = (child: ChildProcess) => {
    if (child.pid === undefined || child.exitCode !== null) return;
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  };
  const server: Server = createServer((req, res) => {
    state.requests++;
    const url = new URL(req.url ?? "/", "http://x");
    const child = spawn("git", ["http-backend"], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: "1",
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: req.method ?? "GET",
        CONTENT_TYPE: req.headers["content-type"] ?? "",
        HTTP_CONTENT_ENCODING: String(req.headers["content-encoding"] ?? ""),
        GIT_PROTOCOL: String(req.headers["git-protocol"] ?? ""),
        REMOTE_ADDR: "127.0.0.1",
      },
      detached: true,
    });
    live.add(child);
    req.pipe(child.stdin);
    child.stdin.on("error", () => undefined);
    let head = Buffer.alloc(0);
    let headersDone = false;
    child.stdout.on("data", (chunk: Buffer) => {
      if (headersDone) {
        state.bytesSent += chunk.length;
        if (!res.write(chunk)) child.stdout.pause();
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end === -1) return;
      headersDone = true;
      let status = 200;
      for (const line of head.subarray(0, end).toString("latin1").split("\r\n")) {
        const i = line.indexOf(":");
        const name = line.slice(0, i).trim();
        const value = line.slice(i + 1).trim();
        if (name.toLowerCase() === "status") status = Number(value.split(" ")[0]);
        else res.setHeader(name, value);
      }
      res.statusCode = status;
      const body = head.subarray(end + 4);
      state.bytesSent += body.length;
      res.write(body);
    });
    res.on("drain", () => child.stdout.resume());
    res.on("close", () => killGroup(child));
    child.on("close", () => {
      live.delete(child);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get requests() {
      return state.requests;
    },
    get bytesSent() {
      return state.bytesSent;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const child of live) killGroup(child);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
