import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { checkPackage, packageEntry } from "./package-check";
import type { NpmPackageRef } from "../registry/npm-package";
import type { Logger } from "pino";
import { definitionSha256, type ToolCatalog } from "../catalog/tool-catalog";
import { StdioServerSchema, type NodeConfig, type ServerConfig } from "../config/config-schema";
import { AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import type { HostedServers } from "../hosting/hosted-servers";
import type { SubmissionsPort } from "../store/ports";
import type { Finding } from "./findings";
import { describeInspectFailure, inspectRemote, type LiveListing } from "./live-tools";
import { manifestSchema, type Manifest } from "./manifest-schema";
import { runPipeline, type GovernanceReport, type PipelineOptions } from "./pipeline";
import { cloneRepository, SourceUnavailableError, type Checkout } from "./source-fetch";
import { assertPublicUrl } from "./ssrf";
import { OutboundGuard } from "../net/outbound-guard";
import { ConcurrencyLimit } from "../util/concurrency-limit";

/** A submission governance rejected: 422 with the findings. */
export class GovernanceRejectedError extends AppError {
  readonly status = 422;
  readonly code = "governance-rejected";
  constructor(readonly report: GovernanceReport) {
    super(`${report.name}@${report.version} was rejected: ${report.reasons.join("; ")}`);
  }
}

export interface Principal {
  id: string;
  isAdmin: boolean;
}

export interface RegistrationDeps {
  config: Pick<NodeConfig, "governance" | "registry">;
  store: SubmissionsPort;
  catalog: ToolCatalog;
  hosted: HostedServers;
  logger: Logger;
  /** Security-relevant events (publication, rejection, quarantine) for the audit trail. */
  audit?: (event: { action: string; actor: string; target: string; outcome: string; detail?: string }) => void;
  /** Raw names of partners' tools (`server.tool@host` → `tool`): a submission may not shadow them either. */
  federationToolNames?: () => readonly string[];
  /** Time limits (tests shorten them). */
  cloneTimeoutMs?: number;
  remoteTimeoutMs?: number;
  /** Checks every connection to a submission's repository or remote (default: from the config). */
  guard?: OutboundGuard;
}

/** Per remote: consecutive re-checks it did not answer; at three its tools leave /discover. */
const STALE_AFTER = 3;

/**
 * The register use-case: validate the manifest, check ownership and conflicts, fetch the
 * source, inspect the live remote, run the governance pipeline, store the report, and publish
 * (a remote's tools as `name.tool`, executable; otherwise one catalog-only entry). Published
 * remotes are re-listed periodically and any tool whose definition changed is quarantined.
 */
export class RegistrationService {
  private readonly inProgress = new Set<string>();
  private readonly missedChecks = new Map<string, number>();
  private readonly quarantined = new Map<string, Set<string>>();
  /** Pins of published servers, read from the store when they are published (approve is synchronous). */
  private readonly pinned = new Map<string, Map<string, string>>();
  private readonly guard: OutboundGuard;
  /** Bounds the clones and probes running at once (each can take disk, memory and a minute). */
  private readonly checks: ConcurrencyLimit;

  constructor(private readonly deps: RegistrationDeps) {
    const { governance } = deps.config;
    this.guard = deps.guard ?? new OutboundGuard({ allowPrivate: governance.allowPrivateRemotes });
    this.checks = new ConcurrencyLimit("governance", governance.maxConcurrentChecks, governance.maxQueuedChecks);
  }

  parseManifest(body: unknown): Manifest {
    const parsed = manifestSchema({ allowFileRepos: this.deps.config.governance.allowFileRepos }).safeParse(body);
    if (!parsed.success) {
      throw new ValidationError("the manifest is not valid", {
        errors: parsed.error.issues.map((i) => ({ path: ["body", ...i.path.map(String)].join("."), message: i.message })),
      });
    }
    return parsed.data;
  }

  /** Runs governance on a submission; publishes it or throws GovernanceRejectedError. */
  async register(body: unknown, principal: Principal): Promise<GovernanceReport> {
    const manifest = this.parseManifest(body);
    const { store, hosted } = this.deps;
    if (hosted.isConfigured(manifest.name)) throw new ConflictError(`${manifest.name} is the name of a server hosted by this node`);
    const owner = await store.owner(manifest.name);
    if (owner !== undefined && owner !== principal.id && !principal.isAdmin) {
      throw new ForbiddenError(`${manifest.name} belongs to another organization`);
    }
    if (await store.versionPublished(manifest.name, manifest.version)) {
      throw new ConflictError(`${manifest.name}@${manifest.version} is already published`);
    }
    if (this.inProgress.has(manifest.name)) throw new ConflictError(`a submission of ${manifest.name} is already being checked`);
    this.inProgress.add(manifest.name);
    try {
      if (manifest.remote) await assertPublicUrl(manifest.remote.url, this.guard);
      if (manifest.source_repo && !manifest.source_repo.startsWith("file:")) await assertPublicUrl(manifest.source_repo, this.guard, "body.source_repo");
      const report = await this.checks.run(() => this.check(manifest));
      const status = report.decision === "published" ? "published" : "rejected";
      await store.record(
        { name: manifest.name, version: manifest.version, owner: owner ?? principal.id, status, manifest, report, createdAt: Date.now() },
        report.tools.map((t) => ({ tool: t.name, sha256: t.sha256 })),
      );
      this.deps.audit?.({ action: "register", actor: principal.id, target: `${manifest.name}@${manifest.version}`, outcome: status });
      if (status === "rejected") throw new GovernanceRejectedError(report);
      await this.publish(manifest, true);
      return report;
    } finally {
      this.inProgress.delete(manifest.name);
    }
  }

  private async check(manifest: Manifest): Promise<GovernanceReport> {
    const { governance } = this.deps.config;
    if (manifest.package && !manifest.remote) return checkPackage(manifest, manifest.package, { config: this.deps.config, options: this.pipelineOptions(manifest), inspectTimeoutMs: this.deps.remoteTimeoutMs });
    let checkout: Checkout | undefined;
    try {
      if (manifest.source_repo) {
        checkout = await cloneRepository(manifest.source_repo, {
          allowFileRepos: governance.allowFileRepos,
          timeoutMs: this.deps.cloneTimeoutMs,
          maxBytes: governance.maxCheckoutBytes,
          guard: this.guard,
        });
      }
      let live: LiveListing | undefined;
      if (manifest.remote) {
        try {
          live = await inspectRemote(manifest.remote.url, { timeoutMs: this.deps.remoteTimeoutMs, guard: this.guard, maxBodyBytes: governance.maxResponseBytes });
        } catch (err) {
          // the remote's own words never reach the submitter: no oracle on what answers where
          this.deps.logger.debug({ err: (err as Error).message, remote: manifest.remote.url }, "remote inspection failed");
          throw new SourceUnavailableError(`the remote ${manifest.remote.url} could not be inspected: ${describeInspectFailure(err)}`);
        }
      }
      return await runPipeline(
        { manifest, sourceDir: checkout?.dir, live },
        this.pipelineOptions(manifest),
      );
    } finally {
      checkout?.cleanup();
    }
  }

  private pipelineOptions(manifest: Manifest): PipelineOptions {
    const { governance } = this.deps.config;
    return {
      failOn: governance.failOn,
      semgrep: governance.semgrep,
      sandbox: { ...governance.sandbox, timeoutMs: governance.sandbox.timeout },
      otherToolNames: this.otherToolNames(manifest.name),
      scan: governance.scan,
      ...(governance.judge ? { judge: governance.judge } : {}),
    };
  }

  private async packageConfig(pkg: NpmPackageRef): Promise<ServerConfig> {
    const { entry, cwd } = await packageEntry(pkg, this.deps.config);
    return StdioServerSchema.parse({ command: process.execPath, args: [entry], cwd });
  }

  /** Raw tool names other servers publish, for shadowing checks. */
  private otherToolNames(except: string): string[] {
    return this.deps.catalog
      .all()
      .filter((e) => e.server !== except && e.executable)
      .map((e) => e.name.slice(e.name.indexOf(".") + 1))
      .concat(this.deps.federationToolNames?.() ?? []);
  }

  /** `registeredHere`: this replica just ran the registration, so it writes the first listing itself. */
  private async publish(manifest: Manifest, registeredHere = false): Promise<void> {
    const { hosted, catalog } = this.deps;
    this.quarantined.delete(manifest.name);
    this.missedChecks.delete(manifest.name);
    const pkg = manifest.remote ? undefined : manifest.package;
    if (manifest.remote || pkg) {
      this.pinned.set(manifest.name, await this.deps.store.pins(manifest.name));
      // a package runs from its pinned install (made now on a replica that has none)
      const config = pkg ? await this.packageConfig(pkg) : { url: manifest.remote!.url, headers: {} };
      await hosted.add(manifest.name, config, {
        origin: "registered",
        tags: manifest.tags,
        capabilities: manifest.capabilities,
        approve: (server, tools) => this.approve(server, tools),
        listFirstHere: registeredHere,
      });
      return;
    }
    await hosted.remove(manifest.name);
    await catalog.replaceServer(manifest.name, [
      {
        name: manifest.name,
        server: manifest.name,
        origin: "registered",
        description: manifest.description,
        version: manifest.version,
        tags: manifest.tags,
        capabilities: manifest.capabilities,
        inputSchema: { type: "object" },
        executable: false,
        definitionSha256: definitionSha256({ name: manifest.name, description: manifest.description, inputSchema: {} }),
        updatedAt: Date.now(),
      },
    ]);
  }

  /** Only tools whose definition matches its pin are published; the rest are quarantined. */
  private approve(server: string, tools: Tool[]): Tool[] {
    const pins = this.pinned.get(server) ?? new Map<string, string>();
    this.missedChecks.set(server, 0);
    const held = new Set<string>();
    const approved = tools.filter((t) => {
      const sha = definitionSha256({ name: t.name, description: t.description ?? "", inputSchema: t.inputSchema });
      if (pins.get(t.name) === sha) return true;
      held.add(t.name);
      return false;
    });
    const before = this.quarantined.get(server) ?? new Set<string>();
    for (const name of held) {
      if (!before.has(name)) {
        this.deps.logger.warn({ server, tool: name }, "tool definition changed since review; quarantined");
        this.deps.audit?.({ action: "quarantine", actor: "governance", target: `${server}.${name}`, outcome: "quarantined", detail: pins.has(name) ? "definition changed" : "not reviewed" });
      }
    }
    this.quarantined.set(server, held);
    return approved;
  }

  /** The report of every published name: the verdicts the node signs into its catalog. */
  async publishedReports(): Promise<Map<string, GovernanceReport>> {
    const published = await this.deps.store.allPublished<Manifest, GovernanceReport>();
    return new Map(published.map((s) => [s.name, s.report]));
  }

  quarantinedTools(server: string): string[] {
    return [...(this.quarantined.get(server) ?? [])].sort();
  }

  /** Reconnects published remotes and restores catalog-only entries at start-up. */
  async restore(): Promise<void> {
    const published = await this.deps.store.allPublished<Manifest, GovernanceReport>();
    await Promise.all(published.map((s) => this.publish(s.manifest)));
  }

  /** One re-check round: re-list every published remote; three misses in a row drop it from /discover. */
  async recheck(): Promise<void> {
    for (const sub of await this.deps.store.allPublished<Manifest, GovernanceReport>()) {
      if (!sub.manifest.remote) continue;
      const server = this.deps.hosted.get(sub.name);
      const ok = server ? await server.refreshTools() : false;
      // the re-check history: one line per remote and round, what it found
      const held = this.quarantinedTools(sub.name);
      this.deps.audit?.({
        action: "recheck",
        actor: "governance",
        target: sub.name,
        outcome: ok ? (held.length ? "quarantined" : "listed") : "missed",
        ...(held.length ? { detail: `quarantined: ${held.join(", ")}`.slice(0, 500) } : {}),
      });
      if (ok) continue;
      const missed = (this.missedChecks.get(sub.name) ?? 0) + 1;
      this.missedChecks.set(sub.name, missed);
      if (missed === STALE_AFTER) {
        this.deps.logger.warn({ server: sub.name }, "published remote missed three checks; dropped from /discover");
        await this.deps.catalog.replaceServer(sub.name, []);
      }
    }
  }

  /**
   * Another replica published or unpublished `name`: publish what the store now holds (connecting
   * its remote here too), or drop it.
   */
  async syncFromStore(name: string): Promise<void> {
    const published = await this.deps.store.published<Manifest, GovernanceReport>(name);
    if (published) {
      await this.publish(published.manifest);
      return;
    }
    await this.deps.hosted.remove(name);
    await this.deps.catalog.replaceServer(name, []);
    this.quarantined.delete(name);
    this.pinned.delete(name);
  }

  /**
   * The latest report for a name (published or rejected). With a principal, only its owner (the
   * token that submitted it) or an admin may read it: reports quote file paths and secrets.
   */
  async latestReport(name: string, principal?: Principal): Promise<GovernanceReport> {
    const sub = await this.deps.store.latest<Manifest, GovernanceReport>(name);
    if (!sub) throw new NotFoundError(`no submission named ${name}`);
    if (principal && sub.owner !== principal.id && !principal.isAdmin) throw new ForbiddenError(`the report of ${name} belongs to another organization`);
    return sub.report;
  }

  async unpublish(name: string, principal: Principal): Promise<void> {
    const published = await this.deps.store.published<Manifest, GovernanceReport>(name);
    if (!published) throw new NotFoundError(`${name} is not published`);
    if (published.owner !== principal.id && !principal.isAdmin) throw new ForbiddenError(`${name} belongs to another organization`);
    await this.deps.store.unpublish(name);
    await this.deps.hosted.remove(name);
    await this.deps.catalog.replaceServer(name, []);
    this.quarantined.delete(name);
    this.pinned.delete(name);
    this.deps.audit?.({ action: "unregister", actor: principal.id, target: name, outcome: "unpublished" });
  }
}

export type { Finding };
