import { existsSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { ScanJob, StaticStageOutput } from "./scan-worker-stages";

/** Limits of one scan worker. */
export interface ScanWorkerLimits {
  /** Heap of the worker thread (MiB); past it the worker dies and its stage is an error. */
  maxMemoryMb: number;
  /** An idle worker is ended after this long, giving back its memory (eslint and TypeScript are large). */
  idleMs: number;
}

export const DEFAULT_SCAN_LIMITS: ScanWorkerLimits = { maxMemoryMb: 1024, idleMs: 30_000 };

interface Pending {
  job: ScanJob;
  timeoutMs: number;
  resolve: (out: StaticStageOutput) => void;
  reject: (err: Error) => void;
}

type Reply = { id: number; ok: true; output: StaticStageOutput } | { id: number; ok: false; error: string };

/**
 * Starts the worker thread: the compiled entry beside this file, or, when the node runs from
 * its TypeScript sources (the tests), the .ts entry compiled on load with @swc/core.
 */
function startWorker(limits: ScanWorkerLimits): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: limits.maxMemoryMb };
  const js = join(__dirname, "scan-worker-thread.js");
  if (existsSync(js)) return new Worker(js, { resourceLimits });
  const ts = join(__dirname, "scan-worker-thread.ts");
  const swc = require.resolve("@swc/core");
  const boot = `
    const fs = require("node:fs");
    const swc = require(${JSON.stringify(swc)});
    require.extensions[".ts"] = (m, filename) => m._compile(swc.transformSync(fs.readFileSync(filename, "utf8"), { filename, jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }).code, filename);
    require(${JSON.stringify(ts)});`;
  return new Worker(boot, { eval: true, resourceLimits });
}

/**
 * One scan worker thread, reused for every stage of every submission: jobs queue and run one
 * at a time (the node shares few cores with everything else it does). A job that outlives its
 * time budget ends the thread (terminate() stops even a loop that never yields) and is
 * rejected; the next job starts a fresh thread.
 */
export class ScanWorkerPool {
  private worker: Worker | undefined;
  private readonly queue: Pending[] = [];
  private current: { id: number; pending: Pending; timer: NodeJS.Timeout } | undefined;
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly limits: ScanWorkerLimits = DEFAULT_SCAN_LIMITS) {}

  /** Runs one scan job in the worker; rejects past timeoutMs, or if the worker dies. */
  run(job: ScanJob, timeoutMs: number): Promise<StaticStageOutput> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, timeoutMs, resolve, reject });
      this.pump();
    });
  }

  /** Ends the worker thread (pending jobs are rejected). */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    for (const p of this.queue.splice(0)) p.reject(new Error("the scan worker was closed"));
    this.finish(new Error("the scan worker was closed"));
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = startWorker(this.limits);
    w.on("message", (reply: Reply) => {
      if (!this.current || reply.id !== this.current.id) return;
      if (reply.ok) this.finish(undefined, reply.output);
      else this.finish(new Error(reply.error));
    });
    w.on("error", (err) => this.drop(w, err));
    w.on("exit", (code) => this.drop(w, new Error(`the scan worker exited (code ${code})`)));
    this.worker = w;
    return w;
  }

  /** A dead worker fails its current job; the next job gets a new one. */
  private drop(w: Worker, err: Error): void {
    if (this.worker !== w) return;
    this.worker = undefined;
    this.finish(err);
  }

  private finish(err: Error | undefined, output?: StaticStageOutput): void {
    const cur = this.current;
    if (!cur) return;
    clearTimeout(cur.timer);
    this.current = undefined;
    if (err) cur.pending.reject(err);
    else cur.pending.resolve(output!);
    this.pump();
  }

  private pump(): void {
    if (this.current) return;
    const pending = this.queue.shift();
    if (!pending) {
      // an idle worker neither keeps the process alive nor holds its memory for long
      this.worker?.unref();
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => void this.close(), this.limits.idleMs).unref();
      return;
    }
    clearTimeout(this.idleTimer);
    let w: Worker;
    try {
      w = this.ensureWorker();
    } catch (err) {
      pending.reject(err instanceof Error ? err : new Error(String(err)));
      this.pump();
      return;
    }
    w.ref();
    const id = this.nextId++;
    const timer = setTimeout(() => {
      this.worker = undefined;
      this.finish(new Error(`the scan did not finish within ${pending.timeoutMs} ms`));
      void w.terminate();
    }, pending.timeoutMs);
    this.current = { id, pending, timer };
    w.postMessage({ id, job: pending.job });
  }
}

const pools = new Map<number, ScanWorkerPool>();

/** The process's scan worker for a memory limit (one thread: the node has other work). */
export function sharedScanPool(maxMemoryMb = DEFAULT_SCAN_LIMITS.maxMemoryMb): ScanWorkerPool {
  let pool = pools.get(maxMemoryMb);
  if (!pool) pools.set(maxMemoryMb, (pool = new ScanWorkerPool({ ...DEFAULT_SCAN_LIMITS, maxMemoryMb })));
  return pool;
}

let screenPool: ScanWorkerPool | undefined;

/**
 * The worker that reads partners' catalogs: a thread of its own, so a partner's sync never
 * waits behind a submission's scan (which may take minutes) and the other way round.
 */
export function catalogScreenPool(): ScanWorkerPool {
  return (screenPool ??= new ScanWorkerPool({ ...DEFAULT_SCAN_LIMITS, maxMemoryMb: 512 }));
}
