import type { Logger } from "pino";
import type { NodeConfig } from "../config/config-schema";
import type { ResolveHost } from "../net/outbound-guard";
import type { Stores } from "../store/ports";

/** Settings of a node that are not in the config file (tests shorten timeouts, share stores). */
export interface NodeOptions {
  logger?: Logger;
  /**
   * Stores to use instead of opening `config.node.db` (the node then does not close them).
   * Service tests pass the in-memory fakes here.
   */
  stores?: Stores;
  /** Base delay of hosted-server restarts (tests shorten it). */
  restartBaseMs?: number;
  /** Circuit breaker of hosted servers (defaults: 5 consecutive failures, 10 s open). */
  breaker?: { failureThreshold?: number; openMs?: number };
  /** How often idle HTTP hosted servers are pinged so that /healthz tells the truth (default 30 s). */
  pingIntervalMs?: number;
  /** Governance time limits (tests shorten them). */
  governance?: { cloneTimeoutMs?: number; remoteTimeoutMs?: number };
  /** Engine settings that are not in the config file (tests shorten timeouts). */
  engine?: {
    timeoutMs?: number;
    retries?: number;
    retryBaseMs?: number;
    failureLimit?: number;
    probeIntervalMs?: number;
    executeTimeoutMs?: number;
    breakerThreshold?: number;
    breakerOpenMs?: number;
    /** Largest response body read from a peer (default 16 MiB). */
    maxBytes?: number;
  };
  /** DNS for partners' repositories and remotes (tests simulate answers; default: the system's). */
  resolveHost?: ResolveHost;
  /** Re-reads the configuration on reload (the CLI re-runs its loader); default: the same config. */
  reloadConfig?: () => NodeConfig;
}
