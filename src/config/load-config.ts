import { readFileSync } from "node:fs";
import { z } from "zod";
import { NodeConfigSchema, type NodeConfig, type PeerConfig } from "./config-schema";

/** Settings given on the command line; undefined means "not given". */
export interface ConfigFlags {
  config?: string;
  host?: string;
  port?: number;
  name?: string;
  db?: string;
  peers?: string[];
  token?: string;
  tokensFile?: string;
  logLevel?: string;
}

/** Every problem found in a configuration, listed at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

/** An empty variable counts as unset. */
function envValue(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === "" ? undefined : value;
}

const WHOLE_VAR = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const ANY_VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces `${VAR}` in every string of a parsed JSON document. A string that is only
 * `${VAR}` with VAR unset disappears (the setting counts as absent); an unset variable
 * inside a longer string is a problem.
 */
export function substituteEnv(value: unknown, env: Env, problems: string[], path = "$"): unknown {
  if (typeof value === "string") {
    const whole = WHOLE_VAR.exec(value);
    if (whole) return envValue(env, whole[1]);
    return value.replace(ANY_VAR, (_m, name: string) => {
      const v = envValue(env, name);
      if (v === undefined) problems.push(`${path}: environment variable ${name} is not set`);
      return v ?? "";
    });
  }
  if (Array.isArray(value)) {
    return value.map((v, i) => substituteEnv(v, env, problems, `${path}[${i}]`)).filter((v) => v !== undefined);
  }
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const sub = substituteEnv(v, env, problems, `${path}.${k}`);
      if (sub !== undefined) out[k] = sub;
    }
    return out;
  }
  return value;
}

function readConfigFile(path: string, problems: string[]): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    problems.push(`config file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      problems.push(`config file ${path}: the top level must be a JSON object`);
      return {};
    }
    return parsed as Record<string, unknown>;
  } catch (err) {
    problems.push(`config file ${path}: not valid JSON (${(err as Error).message})`);
    return {};
  }
}

/** A secret kept in a file (a Docker or Kubernetes secret): its content, trailing newline trimmed. */
function readSecretFile(path: string | undefined, source: string, problems: string[]): string | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, "utf8").replace(/\r?\n$/, "");
  } catch (err) {
    problems.push(`${source}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    return undefined;
  }
}

function parsePort(text: string | undefined, source: string, problems: string[]): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port)) {
    problems.push(`${source}: port must be an integer, got ${JSON.stringify(text)}`);
    return undefined;
  }
  return port;
}

function peersFromList(list: string[], token: string | undefined): PeerConfig[] {
  return list
    .map((u) => u.trim())
    .filter((u) => u.length > 0)
    .map((url) => (token ? { url, token } : { url }));
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.join(".") : "(root)";
  return `${where}: ${issue.message}`;
}

/**
 * Builds the node's configuration: defaults < config file < environment < flags.
 * The result is validated and frozen; every problem is reported in one ConfigError.
 * This is the only place in the project that reads the process environment.
 */
export function loadConfig(flags: ConfigFlags = {}, env: Env = process.env): NodeConfig {
  const problems: string[] = [];
  const configPath = flags.config ?? envValue(env, "MCPFED_CONFIG");
  const file = configPath ? readConfigFile(configPath, problems) : {};
  const raw = substituteEnv(file, env, problems) as Record<string, unknown>;

  const node = { ...((raw.node as Record<string, unknown> | undefined) ?? {}) };
  const overlay = (key: string, value: unknown) => {
    if (value !== undefined) node[key] = value;
  };
  // environment, then flags on top
  overlay("name", envValue(env, "MCPFED_NAME"));
  overlay("host", envValue(env, "MCPFED_HOST"));
  overlay("port", parsePort(envValue(env, "MCPFED_PORT"), "MCPFED_PORT", problems));
  overlay("db", envValue(env, "DATABASE_URL")); // the usual name on platforms; MCPFED_DB wins
  overlay("db", envValue(env, "MCPFED_DB"));
  overlay("logLevel", envValue(env, "MCPFED_LOG_LEVEL"));
  overlay("name", flags.name);
  overlay("host", flags.host);
  overlay("port", flags.port);
  overlay("db", flags.db);
  overlay("logLevel", flags.logLevel);

  // the design's rule: secrets from env, flags or files, never from the config file in clear
  // (a whole "${VAR}" reference is not clear text: it stays allowed)
  const fileToken = file.sharedToken;
  if (fileToken !== undefined && !(typeof fileToken === "string" && WHOLE_VAR.test(fileToken))) {
    problems.push("sharedToken: not accepted in clear in the config file; set MCP_FEDERATION_TOKEN, --token or MCP_FEDERATION_TOKEN_FILE");
  }
  const sharedToken = flags.token ?? envValue(env, "MCP_FEDERATION_TOKEN") ?? (raw.sharedToken as string | undefined) ?? readSecretFile(envValue(env, "MCP_FEDERATION_TOKEN_FILE"), "MCP_FEDERATION_TOKEN_FILE", problems);
  const jwtAuth = jwtSecretOf(file, raw, problems);
  let peers = raw.peers;
  const envPeers = envValue(env, "MCP_FEDERATION_NODES");
  if (envPeers) peers = peersFromList(envPeers.split(","), sharedToken);
  if (flags.peers && flags.peers.length > 0) peers = peersFromList(flags.peers, sharedToken);

  const merged = {
    ...raw,
    node,
    ...(peers === undefined ? {} : { peers }),
    ...(sharedToken === undefined ? {} : { sharedToken }),
    ...(jwtAuth === undefined ? {} : { auth: jwtAuth }),
    ...(flags.tokensFile ?? envValue(env, "MCPFED_TOKENS_FILE")
      ? { tokensFile: flags.tokensFile ?? envValue(env, "MCPFED_TOKENS_FILE") }
      : {}),
  };
  const result = NodeConfigSchema.safeParse(merged);
  if (!result.success) problems.push(...result.error.issues.map(formatIssue));
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return deepFreeze(result.data);
}

/**
 * `auth.jwt.secret` follows the shared token's rule (a `${VAR}` reference, never clear text in the
 * file); `auth.jwt.secretFile` is read here so that only the loader touches secrets on disk.
 */
function jwtSecretOf(file: Record<string, unknown>, raw: Record<string, unknown>, problems: string[]): Record<string, unknown> | undefined {
  const fileJwt = ((file.auth as Record<string, unknown> | undefined)?.jwt ?? {}) as Record<string, unknown>;
  if (fileJwt.secret !== undefined && !(typeof fileJwt.secret === "string" && WHOLE_VAR.test(fileJwt.secret))) {
    problems.push("auth.jwt.secret: not accepted in clear in the config file; use \"${VAR}\" or auth.jwt.secretFile");
  }
  const auth = raw.auth as Record<string, unknown> | undefined;
  const jwt = auth?.jwt as Record<string, unknown> | undefined;
  if (typeof jwt?.secretFile !== "string") return undefined;
  const { secretFile, ...rest } = jwt;
  const secret = readSecretFile(secretFile, "auth.jwt.secretFile", problems);
  return { ...auth, jwt: { ...rest, ...(secret === undefined ? {} : { secret }) } };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
