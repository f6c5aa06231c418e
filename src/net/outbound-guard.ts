import { lookup as dnsLookup } from "node:dns/promises";
import { isIP, type LookupFunction } from "node:net";
import { Agent, buildConnector } from "undici";
import { internalRange } from "./address-policy";

/** Resolves a host name to every address it has (tests pass their own to simulate DNS). */
export type ResolveHost = (hostname: string) => Promise<string[]>;

/** A connection refused because the host is, or resolves to, an internal address. */
export class BlockedAddressError extends Error {
  readonly code = "EMCPFED_BLOCKED";
  constructor(
    readonly hostname: string,
    readonly range: string,
  ) {
    super(`${hostname} is or resolves to an internal address (${range}); refused`);
  }
}

/** The host name did not resolve (or not in time). */
export class UnresolvedHostError extends Error {
  readonly code = "EMCPFED_UNRESOLVED";
}

export interface OutboundGuardOptions {
  /** Lets connections reach loopback and private addresses (tests, closed networks). */
  allowPrivate: boolean;
  /** DNS resolution; default: the system resolver, every answer. */
  resolve?: ResolveHost;
  /** Time limit for one resolution (default 5 s). */
  lookupTimeoutMs?: number;
}

const systemResolve: ResolveHost = async (hostname) => (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

function bare(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, "");
}

/**
 * The one place that decides whether the node may open a connection to a host on behalf of a
 * partner (a submission's repository or remote). Every address a name resolves to is checked,
 * not only the first, and the check runs again at connect time (the undici connector and the
 * `lookup` below), so a name that resolves to a public address when the URL is validated and
 * to an internal one when the socket opens (DNS rebinding) is still refused.
 */
export class OutboundGuard {
  private readonly resolveHost: ResolveHost;
  private readonly timeoutMs: number;

  constructor(readonly options: OutboundGuardOptions) {
    this.resolveHost = options.resolve ?? systemResolve;
    this.timeoutMs = options.lookupTimeoutMs ?? 5000;
  }

  get allowPrivate(): boolean {
    return this.options.allowPrivate;
  }

  /**
   * Every address of `hostname` (an IP literal is its own answer), or a BlockedAddressError if
   * any of them is internal and private addresses are not allowed.
   */
  async resolve(hostname: string): Promise<string[]> {
    const host = bare(hostname).toLowerCase().replace(/\.$/, "");
    // RFC 6761: localhost and its subdomains are loopback whatever a resolver says
    if (!this.options.allowPrivate && (host === "localhost" || host.endsWith(".localhost"))) throw new BlockedAddressError(host, "loopback");
    const addresses = isIP(host) ? [host] : await this.lookupWithTimeout(host);
    if (addresses.length === 0) throw new UnresolvedHostError(`${host} has no address`);
    if (!this.options.allowPrivate) {
      for (const address of addresses) {
        const range = internalRange(address);
        if (range) throw new BlockedAddressError(host, range);
      }
    }
    return addresses;
  }

  private async lookupWithTimeout(host: string): Promise<string[]> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.resolveHost(host),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new UnresolvedHostError(`${host} did not resolve in time`)), this.timeoutMs);
        }),
      ]);
    } catch (err) {
      if (err instanceof UnresolvedHostError) throw err;
      throw new UnresolvedHostError(`${host} does not resolve`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** A `lookup` for net/tls connect: answers only checked addresses. */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    this.resolve(hostname).then(
      (addresses) => {
        const family = options.family === 4 || options.family === 6 ? options.family : 0;
        const list = addresses.map((address) => ({ address, family: isIP(address) })).filter((a) => family === 0 || a.family === family);
        if (list.length === 0) callback(new UnresolvedHostError(`${hostname} has no IPv${family} address`), "", 0);
        else if (options.all) (callback as unknown as (e: null, a: typeof list) => void)(null, list);
        else callback(null, list[0].address, list[0].family);
      },
      (err: Error) => callback(err as NodeJS.ErrnoException, "", 0),
    );
  };

  /**
   * An undici connector that checks the destination when the socket opens: IP literals
   * directly (net.connect does not look them up), names through the checked `lookup`.
   */
  connector(options: { timeoutMs?: number } = {}): buildConnector.connector {
    const base = buildConnector({ timeout: options.timeoutMs ?? 10_000, lookup: this.lookup } as buildConnector.BuildOptions);
    return (opts, callback) => {
      const host = bare(opts.hostname);
      const range = isIP(host) && !this.options.allowPrivate ? internalRange(host) : undefined;
      if (range) {
        callback(new BlockedAddressError(host, range), null);
        return;
      }
      base(opts, callback);
    };
  }

  /** A pooled undici Agent whose every connection goes through `connector()`. */
  createAgent(options: { connections?: number; keepAliveTimeoutMs?: number; connectTimeoutMs?: number } = {}): Agent {
    return new Agent({
      connections: options.connections ?? 16,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 10_000,
      connect: this.connector({ timeoutMs: options.connectTimeoutMs }),
    });
  }
}
