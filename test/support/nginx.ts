import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { ROOT, tempDir } from "./test-node";

/** Where Debian's nginx is, if installed (scripts/ensure-test-deps.sh installs it as root). */
export const NGINX_BIN = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => existsSync(p));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Nginx {
  url: string;
  close(): Promise<void>;
}

/**
 * Runs the deployment's own nginx.conf (deploy/replicas/nginx.conf, unchanged but for the
 * replicas' addresses and the listening port) in the foreground, in a temp prefix.
 */
export async function startNginx(replicas: readonly string[]): Promise<Nginx> {
  if (!NGINX_BIN) throw new Error("nginx is not installed");
  const port = await freePort();
  const { dir, cleanup } = tempDir("mcpfed-nginx-");
  mkdirSync(join(dir, "logs"));
  let site = readFileSync(join(ROOT, "deploy/replicas/nginx.conf"), "utf8");
  const servers = [...site.matchAll(/^\s*server replica\d+:8000(.*);$/gm)];
  if (servers.length !== replicas.length) throw new Error(`nginx.conf lists ${servers.length} replicas, the test runs ${replicas.length}`);
  servers.forEach((m, i) => (site = site.replace(m[0], `  server ${replicas[i]}${m[1]};`)));
  site = site.replace(/listen 8000;/, `listen 127.0.0.1:${port};`);
  writeFileSync(join(dir, "site.conf"), site);
  writeFileSync(
    join(dir, "nginx.conf"),
    `worker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/logs/error.log warn;\nevents { worker_connections 256; }\n` +
      `http {\n  access_log off;\n  client_body_temp_path ${dir}/body;\n  proxy_temp_path ${dir}/proxy;\n  fastcgi_temp_path ${dir}/fastcgi;\n  uwsgi_temp_path ${dir}/uwsgi;\n  scgi_temp_path ${dir}/scgi;\n  include ${dir}/site.conf;\n}\n`,
  );
  const child: ChildProcess = spawn(NGINX_BIN, ["-p", dir, "-c", join(dir, "nginx.conf"), "-g", "daemon off;"], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    const up = await fetch(`${url}/healthz`).then(() => true, () => false);
    if (up) break;
    if (i > 100) throw new Error(`nginx did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      cleanup();
    },
  };
}
