// bench/rank: the engine's non-dominated sort (front ranks from one static k-d tree that keeps
// the highest rank below each node; a top-50 peels small fronts, takes a huge first front from
// the skyline tree, and falls back to capped ranks) against the textbook O(M·N²) sort, on uniform and anti-correlated
// data with 4 objectives, up to 1,000,000 tools (BENCH_RANK_MAX). The naive sort runs only where
// it finishes in about a minute. The full sort and the top-50 run in the same measure() rounds
// (3 rounds after a warm-up up to 100 000 tools, one round at 1 000 000): median wall time with
// its spread, and CPU time per run, the figure that compares between runs on a shared machine.
"use strict";
const { performance } = require("node:perf_hooks");
const { nonDominatedSort, topFronts, naiveNonDominatedSort } = require("../dist/engine/pareto");
const { measure, fmt, fmtSpread, printTable } = require("./lib");

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

/** A measure() case that also adds up its CPU time and keeps its last result. */
function cpuCase(name, fn) {
  const c = { name, cpuMs: 0, runs: 0, out: undefined };
  c.fn = () => {
    const t0 = process.cpuUsage();
    c.out = fn();
    const d = process.cpuUsage(t0);
    c.cpuMs += (d.user + d.system) / 1000;
    c.runs++;
  };
  return c;
}

const MAX = Number(process.env.BENCH_RANK_MAX ?? 1_000_000);

async function main() {
  const rows = [];
  for (const kind of ["uniform", "anti-correlated"]) {
    for (const n of [1000, 10000, 100000, 1000000].filter((x) => x <= MAX)) {
      const points = generate(n, 4, kind);
      const rssBefore = process.memoryUsage().rss;
      const big = n > 100000;
      const all = cpuCase("every front", () => nonDominatedSort(points));
      const top = cpuCase("top-50", () => topFronts(points, 50));
      const [allRun, topRun] = await measure([all, top], { rounds: big ? 1 : 3, warmupRounds: big ? 0 : 1, calls: 1, concurrency: 1 });
      const msSpread = (run) => ({ median: 1000 / run.perSec.max, min: 1000 / run.perSec.max, max: 1000 / run.perSec.min });
      const cell = (run, c) => `${fmtSpread({ ...msSpread(run), median: 1000 / run.perSec.median }, 0)} (${fmt(c.cpuMs / c.runs, 0)})`;
      let naive = "skipped (> 1 min)";
      let ratio = "";
      if (n <= 10000) {
        const t0 = performance.now();
        naiveNonDominatedSort(points);
        const ms = performance.now() - t0;
        naive = fmt(ms, 1);
        ratio = `${fmt(ms / (1000 / allRun.perSec.median), 1)}x`;
      }
      rows.push({
        data: kind,
        tools: n,
        fronts: all.out.length,
        "first front": all.out[0].length,
        "every front ms median [min–max] (CPU)": cell(allRun, all),
        "top-50 ms median [min–max] (CPU)": cell(topRun, top),
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
