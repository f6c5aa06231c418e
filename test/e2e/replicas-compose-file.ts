import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { cleanEnv } from "../support/spawn-cli";
import { ROOT } from "../support/test-node";

/**
 * Reads deploy/replicas/docker-compose.yml and the Dockerfile as far as the replicas need, so
 * that the test runs what they say (no Docker engine here). Plain patterns, not a YAML parser:
 * a change of shape fails here, loudly, instead of being skipped.
 */
export interface ComposeReplicas {
  names: string[];
  command: string[];
  environment: Record<string, string>;
  /** The documented `token create` command line (after `docker compose run ... replicaN`). */
  tokenCreate: string[];
}

function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`docker-compose.yml: ${what} not found`);
  return value;
}

/** `${VAR}` and `${VAR:?message}` as compose interpolates them. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{([A-Z_]+)(:\?[^}]*)?\}/g, (_, name: string) => must(vars[name], `a value for ${name}`));
}

export function readCompose(vars: Record<string, string>): ComposeReplicas {
  const yml = readFileSync(join(ROOT, "deploy/replicas/docker-compose.yml"), "utf8");
  const names = [...yml.matchAll(/^ {2}(replica\d+):/gm)].map((m) => m[1]);
  for (const name of names.slice(1)) must(new RegExp(`^ {2}${name}: \\*replica$`, "m").exec(yml), `${name} as an alias of replica1`);
  // the first replica's service; the others are YAML aliases of it
  const service = must(/^ {2}replica1:.*\n((?: {4}.*\n| *#.*\n)+)/m.exec(yml), "service replica1")[1];
  const command = JSON.parse(must(/^ {4}command: (\[.*\])$/m.exec(service), "replica command")[1]) as string[];
  const block = must(/^ {4}environment:\n((?: {6}.*\n)+)/m.exec(service), "replica environment")[1];
  const environment: Record<string, string> = {};
  for (const m of block.matchAll(/^ {6}([A-Z_]+): (.*)$/gm)) environment[m[1]] = interpolate(m[2].trim(), vars);
  const token = must(/docker compose run --rm --no-deps replica\d+ (token create .*)$/m.exec(yml), "the token create command")[1];
  return { names, command, environment, tokenCreate: token.split(/\s+/) };
}

/**
 * The image's /app as the Dockerfile's runtime stage builds it (dist, node_modules,
 * package.json, config), under `dir`; returns the entrypoint's arguments after `node`.
 */
export function stageImage(dir: string): { app: string; entry: string[] } {
  const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8");
  const runtime = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
  const workdir = must(/^WORKDIR (\S+)$/m.exec(runtime), "Dockerfile WORKDIR")[1];
  const entry = JSON.parse(must(/^ENTRYPOINT (\[.*\])$/m.exec(runtime), "Dockerfile ENTRYPOINT")[1]) as string[];
  if (workdir !== "/app" || entry[0] !== "node") throw new Error("Dockerfile: expected WORKDIR /app and a node ENTRYPOINT");
  const app = join(dir, "app");
  mkdirSync(app);
  for (const m of runtime.matchAll(/^COPY (?:--from=build \/app\/)?(\S+) \.\/(\S*)$/gm)) {
    const [src, dest] = [m[1], m[2] || m[1]];
    if (src === "node_modules" || src === "dist") symlinkSync(join(ROOT, src), join(app, dest));
    else if (src === "config") cpSync(join(ROOT, src), join(app, dest), { recursive: true });
    else copyFileSync(join(ROOT, src), join(app, dest));
  }
  return { app, entry: entry.slice(1) };
}

export interface Replica {
  child: ChildProcess;
  url: string;
  exited: Promise<unknown>;
}

/** Starts one replica process and resolves once it logs where it listens. */
export function startReplica(app: string, args: string[], env: Record<string, string>): Promise<Replica> {
  const child = spawn(process.execPath, args, { cwd: app, env: cleanEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise((r) => child.once("exit", r));
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`replica did not start:\n${out}`));
    }, 30_000);
    const onData = (c: Buffer) => {
      out += c.toString("utf8");
      const m = /listening on (http:\/\/[^\s"]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], exited });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", () => {
      clearTimeout(timer);
      reject(new Error(`replica exited:\n${out}`));
    });
  });
}
