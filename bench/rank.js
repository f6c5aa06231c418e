// bench/rank: the engine's non-dominated sort (front ranks from one static k-d tree that keeps
// the highest rank below each node; a top-50 peels small fronts and falls back to capped ranks) against the textbook O(M·N²) sort, on uniform and anti-correlated
// data with 4 objectives, up to 1,000,000 tools (BENCH_RANK_MAX). The naive sort runs only where
// it finishes in about a minute. Wall and CPU time are both given: on a shared machine the CPU
// time is the figure that compares between runs.
"use strict";
const { performance } = require("node:perf_hooks");
const { nonDominatedSort, topFronts, naiveNonDominatedSort } = require("../dist/engine/pareto");
const { fmt, printTable } = require("./lib");

function rng(seed) {
  return () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
}

/** Uniform in the unit hypercube, or anti-correlated: near the simplex sum(x) = 1. */
function generate(n, m, kind, seed = 42) {
  const rand = rng(seed);
  const points = [];
  for (let i = 0; i < n; i++) {
    const p = new Array(m);
    if (kind === "uniform") for (let j = 0; j < m; j++) p[j] = rand();
    else {
      let sum = 0;
      for (let j = 0; j < m; j++) sum += p[j] = -Math.log(rand() || 1e-12);
      for (let j = 0; j < m; j++) p[j] = p[j] / sum + (rand() - 0.5) * 0.02;
    }
    points.push(p);
  }
  return points;
}

/** Wall and CPU ms per run (after one warm-up run when repeat > 1), and the heap the result holds. */
function time(fn, repeat = 1) {
  if (repeat > 1) fn();
  const heap0 = process.memoryUsage().heapUsed;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let out;
  for (let i = 0; i < repeat; i++) out = fn();
  const c = process.cpuUsage(c0);
  return { ms: (performance.now() - t0) / repeat, cpuMs: (c.user + c.system) / 1000 / repeat, heapMb: (process.memoryUsage().heapUsed - heap0) / 1048576, out };
}

const MAX = Number(process.env.BENCH_RANK_MAX ?? 1_000_000);

async function main() {
  const rows = [];
  for (const kind of ["uniform", "anti-correlated"]) {
    for (const n of [1000, 10000, 100000, 1000000].filter((x) => x <= MAX)) {
      const points = generate(n, 4, kind);
      const rssBefore = process.memoryUsage().rss;
      const repeat = n <= 10000 ? 5 : 1;
      const all = time(() => nonDominatedSort(points), repeat);
      const top = time(() => topFronts(points, 50), repeat);
      let naive = "skipped (> 1 min)";
      let ratio = "";
      if (n <= 10000) {
        const t0 = performance.now();
        naiveNonDominatedSort(points);
        const ms = performance.now() - t0;
        naive = fmt(ms, 1);
        ratio = `${fmt(ms / all.ms, 1)}x`;
      }
      rows.push({
        data: kind,
        tools: n,
        fronts: all.out.length,
        "first front": all.out[0].length,
        "every front ms (CPU)": `${fmt(all.ms, 0)} (${fmt(all.cpuMs, 0)})`,
        "top-50 ms (CPU)": `${fmt(top.ms, 0)} (${fmt(top.cpuMs, 0)})`,
        "RSS +MB": fmt((process.memoryUsage().rss - rssBefore) / 1048576, 0),
        // the process's peak resident set so far (monotonic): the 1M rows show what a 1M sort needs
        "peak RSS MB": fmt(process.resourceUsage().maxRSS / 1024, 0),
        "naive ms": naive,
        "naive/ours": ratio,
      });
    }
  }
  printTable("bench/rank (4 objectives; targets: 1M every front < 10 s, top-50 < 1 s; 10k >= 50x naive)", rows);
}

module.exports = { main };
if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });
