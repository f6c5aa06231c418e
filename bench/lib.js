// Shared helpers for the benchmarks: a closed-loop load runner and percentile statistics.
"use strict";
const { performance } = require("node:perf_hooks");

/**
 * Runs `fn` from `concurrency` callers in a closed loop for `durationMs` (after `warmupMs`),
 * and returns calls/s with latency percentiles in milliseconds.
 */
async function runLoad(fn, { concurrency = 1, durationMs = 3000, warmupMs = 500 } = {}) {
  const warmEnd = performance.now() + warmupMs;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < warmEnd) await fn();
  }));
  const latencies = [];
  let errors = 0;
  const start = performance.now();
  const end = start + durationMs;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        await fn();
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  }));
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  return { calls: latencies.length, perSec: latencies.length / elapsed, p50: pct(50), p99: pct(99), errors };
}

/** Median, min and max of numbers (NaN when empty). */
function spread(values) {
  if (values.length === 0) return { median: NaN, min: NaN, max: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return { median: sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2, min: sorted[0], max: sorted[sorted.length - 1] };
}

/**
 * The one measuring loop for every bench: `cases` (`[{ name, fn }]`, fn sync or async) run in
 * interleaved rounds (case order rotates each round, so drift and warm caches hit every case
 * alike) after `warmupRounds` discarded rounds. Each round runs `calls` calls per case from
 * `concurrency` closed-loop callers. A call that throws is counted as failed and left out of
 * the throughput and the latencies. Per case: calls/s and latency p50/p99 as the median of the
 * rounds with their min and max, and the totals of ok and failed calls. A case may name CPU
 * probes (`cpu: { hop: () => cpuMs(pid), … }`, cumulative ms): each is read around the case's
 * rounds and reported as `cpuMsPerCall`.
 */
async function measure(cases, { rounds = 5, warmupRounds = 1, calls = 200, concurrency = 1 } = {}) {
  const per = cases.map(() => ({ perSec: [], p50: [], p99: [], ok: 0, failed: 0, cpu: {} }));
  for (let round = 0; round < warmupRounds + rounds; round++) {
    for (let j = 0; j < cases.length; j++) {
      const c = (j + round) % cases.length;
      const probes = Object.entries(cases[c].cpu ?? {});
      const before = probes.map(([, read]) => read());
      const r = await oneRound(cases[c].fn, calls, concurrency);
      if (round < warmupRounds) continue;
      const acc = per[c];
      probes.forEach(([name, read], k) => (acc.cpu[name] = (acc.cpu[name] ?? 0) + read() - before[k]));
      acc.ok += r.latencies.length;
      acc.failed += r.failed;
      acc.perSec.push(r.latencies.length / r.seconds);
      acc.p50.push(percentile(r.latencies, 50));
      acc.p99.push(percentile(r.latencies, 99));
    }
  }
  return cases.map((c, i) => ({
    name: c.name,
    perSec: spread(per[i].perSec),
    p50: spread(per[i].p50.filter(Number.isFinite)),
    p99: spread(per[i].p99.filter(Number.isFinite)),
    ok: per[i].ok,
    failed: per[i].failed,
    // CPU ms per call (ok or failed) of each process the case names in `cpu`, over the measured rounds
    cpuMsPerCall: Object.fromEntries(Object.entries(per[i].cpu).map(([name, ms]) => [name, ms / Math.max(1, per[i].ok + per[i].failed)])),
  }));
}

async function oneRound(fn, calls, concurrency) {
  const latencies = [];
  let failed = 0;
  let started = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, async () => {
    while (started < calls) {
      started++;
      const t0 = performance.now();
      try {
        await fn();
        latencies.push(performance.now() - t0);
      } catch {
        failed++;
      }
    }
  }));
  latencies.sort((a, b) => a - b);
  return { latencies, failed, seconds: (performance.now() - start) / 1000 };
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

/** A full GC before reading the heap, without needing --expose-gc on the command line. */
function collectGarbage() {
  require("node:v8").setFlagsFromString("--expose-gc");
  require("node:vm").runInNewContext("gc")();
}

/** "median [min–max]" of a spread. */
function fmtSpread(s, digits = 2) {
  return `${fmt(s.median, digits)} [${fmt(s.min, digits)}–${fmt(s.max, digits)}]`;
}

function fmt(n, digits = 2) {
  return Number.isFinite(n) ? n.toFixed(digits) : "n/a";
}

function printTable(title, rows) {
  console.log(`\n${title}`);
  const cols = Object.keys(rows[0]);
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join("  ");
  console.log(line(cols));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => r[c])));
}

// Note for the other benches: runLoad is the older single-window loop; new and reworked benches
// use measure() (warm-up, interleaved rounds, medians with min/max, failures counted apart).
module.exports = { runLoad, measure, spread, collectGarbage, fmt, fmtSpread, printTable };

const { spawn } = require("node:child_process");

/** Spawns a server process and resolves with its URL once it prints `listening on http://…`. */
function spawnServer(args, { env = process.env, cwd } = {}) {
  const child = spawn(process.execPath, args, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000);
    const onData = (chunk) => {
      out += chunk.toString("utf8");
      const m = /listening on (http:\/\/[^\s"]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout.removeAllListeners("data");
        child.stderr.removeAllListeners("data");
        child.stdout.resume();
        child.stderr.resume();
        resolve({
          url: m[1],
          pid: child.pid,
          stop: () => new Promise((r) => { child.once("exit", r); child.kill("SIGTERM"); }),
        });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
}

/** Resident set size of a process in MB (Linux /proc). */
function rssMb(pid) {
  try {
    const status = require("node:fs").readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
  } catch {
    return NaN;
  }
}

/**
 * CPU time (user + system) a process has used so far, in ms: /proc for other processes,
 * process.cpuUsage() for this one. NaN where /proc is missing.
 */
function cpuMs(pid) {
  if (pid === process.pid) {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }
  try {
    const stat = require("node:fs").readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime, in clock ticks of USER_HZ (100 on Linux: getconf CLK_TCK)
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** Ids of a process's direct children (Linux /proc; empty where it is missing). */
function childPids(pid) {
  const fs = require("node:fs");
  try {
    return fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((tid) => fs.readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number));
  } catch {
    return [];
  }
}

/** CPU ms used so far by the direct children of a process (the stdio servers it spawned). */
function childrenCpuMs(pid) {
  return childPids(pid).reduce((sum, child) => sum + cpuMs(child), 0);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

module.exports.spawnServer = spawnServer;
module.exports.cpuMs = cpuMs;
module.exports.median = median;
module.exports.childPids = childPids;
module.exports.childrenCpuMs = childrenCpuMs;
module.exports.rssMb = rssMb;
