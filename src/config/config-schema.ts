import { z } from "zod";
import { parseDuration } from "./duration";
import { trustSchemas } from "./trust-config-schema";
import { JudgeConfigSchema } from "../governance/judge";
import { PoliciesSchema } from "../policy/policy-schema";
import { FallbackSchema } from "../execution/fallback-schema";
import { callLimitsShape } from "../limits/limits-schema";
import { CacheConfigSchema, ServerCacheSchema } from "../cache/cache-schema";

export const SCOPES = ["discover", "execute", "metadata:read", "metadata:write", "register", "metrics", "admin"] as const;
export type Scope = (typeof SCOPES)[number];
export const ScopeSchema = z.enum(SCOPES);

/** Hosted server names: the first dot of `server.tool` always separates server from tool. */
export const SERVER_NAME = /^[A-Za-z0-9_-]{1,64}$/;

const Duration = z
  .union([z.string(), z.number()])
  .transform((value, ctx) => {
    const ms = parseDuration(value);
    if (ms === undefined) {
      ctx.addIssue({ code: "custom", message: `not a duration: ${String(value)} (use 500ms, 30s, 10m, 1h)` });
      return z.NEVER;
    }
    return ms;
  });

const HttpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), { message: "must be an http(s) URL" });

const ToolFilter = z
  .object({
    include: z.array(z.string().min(1)).optional(),
    exclude: z.array(z.string().min(1)).optional(),
  })
  .strict();

const ServerCommon = {
  tools: ToolFilter.optional(),
  /** Cost of one call, in whatever unit the operator bills (recorded with every execution). */
  cost: z.number().nonnegative().optional(),
  /** Per-call timeout for this server. */
  timeout: Duration.optional(),
  disabled: z.boolean().optional(),
  /** Calls in flight at once, and calls waiting beyond that (503 past both). */
  maxConcurrent: z.number().int().positive().max(10_000).optional(),
  maxQueued: z.number().int().nonnegative().max(100_000).optional(),
  /** `session`: each caller session gets its own upstream connection (stateful servers); default `shared`. */
  isolation: z.enum(["shared", "session"]).optional(),
  /** Retries of a failed call, only for tools annotated readOnlyHint or idempotentHint, within the call's timeout (default 0). */
  retries: z.number().int().min(0).max(10).optional(),
  /** This server's circuit breaker: open after `failures` consecutive failures, for `openFor` (defaults 5 and 10s). */
  breaker: z.object({ failures: z.number().int().min(1).max(1000).optional(), openFor: Duration.optional() }).strict().optional(),
  /** Directory fields (`/directory`, `/discover`): what the server is about, for partners to filter on. */
  tags: z.array(z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,31}$/, "tags match ^[a-z0-9][a-z0-9_.-]{0,31}$")).max(20).optional(),
  capabilities: z.array(z.string().regex(/^[a-z0-9][a-z0-9_.:-]{0,63}$/, "capabilities match ^[a-z0-9][a-z0-9_.:-]{0,63}$")).max(20).optional(),
  description: z.string().max(2000).optional(),
  /** Result cache for this server's tools annotated `readOnlyHint: true` (src/cache). */
  cache: ServerCacheSchema.optional(),
  /** Start on the first call, not at boot; stopped again after `idleTimeout` without calls (see README "Lazy servers"). */
  lazy: z.boolean().optional(),
  /** How long a lazy server may go without calls before it is stopped (default 10m; only with `lazy`). */
  idleTimeout: Duration.optional(),
};

export const StdioServerSchema = z
  .object({
    /** As Claude Desktop, Claude Code, VS Code and Cursor write it. */
    type: z.literal("stdio").optional(),
    command: z.string().min(1),
    args: z.array(z.string()).default([]),
    env: z.record(z.string(), z.string()).default({}),
    cwd: z.string().optional(),
    ...ServerCommon,
  })
  .strict();

export const HttpServerSchema = z
  .object({
    /** `http` and `streamable-http` are Streamable HTTP; `sse` is the legacy HTTP+SSE transport. */
    type: z.enum(["http", "streamable-http", "sse"]).optional(),
    url: HttpUrl,
    headers: z.record(z.string(), z.string()).default({}),
    ...ServerCommon,
  })
  .strict();

export const ServerConfigSchema = z.union([StdioServerSchema, HttpServerSchema]);
export type ServerConfig = z.infer<typeof ServerConfigSchema>;
export type StdioServerConfig = z.infer<typeof StdioServerSchema>;
export type HttpServerConfig = z.infer<typeof HttpServerSchema>;

export const TokenEntrySchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "token ids are 1-64 of A-Z a-z 0-9 . _ -"),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, "sha256 must be 64 lowercase hex digits"),
    scopes: z.array(ScopeSchema).min(1),
    /** The peer host (`host[:port]`) this token speaks for: its POST /metadata counts for `name@host` only. */
    host: z.string().regex(/^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$/, "a host or host:port").optional(),
    /** 0..1: the weight of this token's uploaded observations in ranking (default 0.5). */
    trust: z.number().min(0).max(1).optional(),
  })
  .strict();
export type TokenEntry = z.infer<typeof TokenEntrySchema>;

export const PeerConfigSchema = z
  .object({
    url: HttpUrl,
    token: z.string().min(1).optional(),
    /** RFC 7638 thumbprint of the key that must sign the peer's catalog (see README "Signed catalogs"). */
    key: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "an RFC 7638 SHA-256 thumbprint (43 base64url characters)").optional(),
    /** Client certificate (PEM files) this node presents to the peer; `ca` pins the peer's CA. */
    tls: z.object({ cert: z.string().min(1), key: z.string().min(1), ca: z.string().min(1).optional() }).strict().optional(),
  })
  .strict();
export type PeerConfig = z.infer<typeof PeerConfigSchema>;

// trust: node identity, JWT issuers, partners, TLS (schemas in trust-config-schema.ts)
export const { IdentitySchema, JwtIssuerSchema, AuthSchema, PartnerSchema, TlsSchema } = trustSchemas({ Scope: ScopeSchema, Duration, HttpUrl });
export type PartnerConfig = z.infer<typeof PartnerSchema>;


const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** The merged configuration (defaults < file < environment < flags), validated once at start-up. */
export const NodeConfigSchema = z
  .object({
    node: z
      .object({
        name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).default("mcpfed"),
        host: z.string().min(1).default("127.0.0.1"),
        port: z.number().int().min(0).max(65535).default(8000),
        db: z.string().min(1).default("./data/mcpfed.db"),
        logLevel: z.enum(LOG_LEVELS).default("info"),
        /** Largest accepted JSON body. */
        bodyLimit: z
          .string()
          .refine((v) => /^\s*\d+(\.\d+)?\s*(b|kb|mb|gb)?\s*$/i.test(v) && parseFloat(v) > 0, "a byte size above 0, such as 512kb, 1mb or 1048576")
          .default("1mb"),
        /** Default per-call timeout for hosted servers. */
        callTimeout: Duration.default(30_000),
        /** Grace period for in-flight requests on shutdown. */
        shutdownGrace: Duration.default(10_000),
        /** Require a token with the metrics (or admin) scope for GET /metrics. */
        metricsAuth: z.boolean().default(false),
        /** Serve HTTPS (and optionally verify client certificates). */
        tls: TlsSchema.optional(),
      })
      .strict()
      .prefault({}),
    mcpServers: z
      .record(z.string(), ServerConfigSchema)
      .default({})
      .superRefine((servers, ctx) => {
        for (const name of Object.keys(servers)) {
          if (!SERVER_NAME.test(name)) {
            ctx.addIssue({ code: "custom", path: [name], message: "server names match ^[A-Za-z0-9_-]{1,64}$" });
          }
        }
      }),
    peers: z.array(PeerConfigSchema).default([]),
    tokens: z.array(TokenEntrySchema).default([]),
    identity: IdentitySchema.prefault({}),
    auth: AuthSchema.prefault({}),
    partners: z.array(PartnerSchema).default([]),
    /** JSON file of hashed tokens, as written by `mcpfed token create`. */
    tokensFile: z.string().optional(),
    /** One shared token (MCP_FEDERATION_TOKEN / --token), also sent to peers; never from the file. */
    sharedToken: z.string().min(16, "the shared token must be at least 16 characters").optional(),
    /**
     * What the shared token may do on this node. It is also sent to every peer without a token
     * of its own, so by default it grants only what a peer needs: never admin or register.
     */
    sharedTokenScopes: z.array(ScopeSchema).min(1).default(["discover", "execute", "metadata:read"]),
    governance: z
      .object({
        failOn: z.enum(["low", "medium", "high", "critical"]).default("high"),
        allowFileRepos: z.boolean().default(false),
        allowPrivateRemotes: z.boolean().default(false),
        recheckInterval: Duration.default(600_000),
        /** Registered members that send heartbeats are stale after three missed intervals. */
        heartbeatInterval: Duration.default(30_000),
        /** Largest submitted repository (transfer and checkout), enforced while git fetches. */
        maxCheckoutBytes: z.number().int().positive().default(50 * 1024 * 1024),
        /** Submissions checked at once, and waiting; past both a submission gets 503. */
        maxConcurrentChecks: z.number().int().positive().default(2),
        maxQueuedChecks: z.number().int().nonnegative().default(4),
        /** Largest response body (or streamed event) read from any Streamable HTTP server or remote. */
        maxResponseBytes: z.number().int().positive().default(16 * 1024 * 1024),
        semgrep: z
          .object({
            bin: z.string().default("semgrep"),
            configs: z.array(z.string()).default([]),
            required: z.boolean().default(false),
          })
          .strict()
          .prefault({}),
        /** The scan worker: time per static stage (ms) and heap (MiB); past either the submission is rejected. */
        scan: z
          .object({
            timeoutMs: z.number().int().positive().default(120_000),
            maxMemoryMb: z.number().int().min(64).default(1024),
          })
          .strict()
          .prefault({}),
        /** Detonation: run submitted stdio servers in a network-less sandbox before publishing. */
        sandbox: z
          .object({
            enabled: z.boolean().default(false),
            required: z.boolean().default(false),
            timeout: Duration.default(60_000),
            memoryMb: z.number().int().min(128).default(1024),
          })
          .strict()
          .prefault({}),
        /** Optional judge: an OpenAI-compatible endpoint asked about live tool definitions; off when absent. */
        judge: JudgeConfigSchema.optional(),
      })
      .strict()
      .prefault({}),
    // federation.fallback: a failed call tries the same tool name on another peer or locally (src/execution/fallback-*)
    federation: z.object({ syncInterval: Duration.default(30_000), fallback: z.boolean().default(false) }).strict().prefault({}),
    registry: z
      .object({
        /** Serve /v0.1/servers without a token (default: the discover scope). */
        public: z.boolean().default(false),
        /** Namespace of this node's own servers' registry names (default: the node's name as `local.<name>`). */
        namespace: z.string().regex(/^[a-zA-Z0-9.-]{1,100}$/).optional(),
        /** Upstream registry APIs imported on an interval; every server passes governance first. */
        upstreams: z.array(z.object({ url: HttpUrl, interval: Duration.default(3_600_000) }).strict()).max(20).default([]),
        /** Where server.json npm packages are fetched from (tarballs must come from the same origin). */
        npmRegistry: HttpUrl.default("https://registry.npmjs.org"),
        /** Pinned installs of published npm packages. */
        packagesDir: z.string().min(1).default("./data/packages"),
      })
      .strict()
      .prefault({}),
    mcp: z
      .object({
        /** Browser origins allowed to call /mcp; requests with any other Origin get 403. */
        allowedOrigins: z.array(z.string().min(1)).default([]),
        /** Give initializing clients a session (list_changed notifications); otherwise stateless only. */
        sessions: z.boolean().default(true),
        maxSessions: z.number().int().positive().default(1000),
        sessionIdleTimeout: Duration.default(1_800_000),
        /** Sessions one token may hold; past it, that token's own least used idle session is closed. */
        maxSessionsPerToken: z.number().int().positive().default(100),
        /** Named tool sets served at /mcp/<set>: globs over registry ids (`everything.*`, `*@partner.example`). */
        toolSets: z
          .record(
            z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "tool set names match ^[A-Za-z0-9_-]{1,64}$"),
            z.object({ include: z.array(z.string().min(1)).default([]), exclude: z.array(z.string().min(1)).default([]) }).strict(),
          )
          .default({}),
      })
      .strict()
      .prefault({}),
    limits: z
      .object({
        requestsPerMinute: z.number().int().positive().default(6000),
        registerPerMinute: z.number().int().positive().default(60),
        /** Per tool glob, per token glob and per client address (src/limits). */
        ...callLimitsShape,
      })
      .strict()
      .prefault({}),
    /** Policy routing: which tokens see and call which registry ids (src/policy). */
    policies: PoliciesSchema.default([]),
    /** Fallback candidates per tool id or glob, tried in order when a call fails with 502/503/504 (src/execution/fallback-table.ts). */
    fallback: FallbackSchema.default({}),
    /** The result cache: explicit tool globs and memory bounds (src/cache). */
    cache: CacheConfigSchema.prefault({}),
  })
  .strict();

export type NodeConfig = z.infer<typeof NodeConfigSchema>;
/** What a config file or a test may pass in before defaults are applied. */
export type NodeConfigInput = z.input<typeof NodeConfigSchema>;
