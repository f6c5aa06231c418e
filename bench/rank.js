// bench/rank: the engine's non-dominated sort (ENS-BS with per-front dominance k-d trees, and
// lazy peeling for a top-50) against the textbook O(M·N²) sort, on uniform and anti-correlated
// data with 4 objectives. The naive sort runs only where it finishes in about a minute.
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

function time(fn, repeat = 1) {
  fn(); // warm-up
  const t0 = performance.now();
  let out;
  for (let i = 0; i < repeat; i++) out = fn();
  return { ms: (performance.now() - t0) / repeat, out };
}

async function main() {
  const rows = [];
  for (const kind of ["uniform", "anti-correlated"]) {
    for (const n of [1000, 10000, 100000]) {
      const points = generate(n, 4, kind);
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
        "every front ms": fmt(all.ms, 1),
        "top-50 ms": fmt(top.ms, 1),
        "naive ms": naive,
        "naive/ours": ratio,
      });
    }
  }
  printTable("bench/rank (4 objectives; targets: uniform 100k top-50 < 300 ms, every front < 2 s; anti-correlated 100k every front < 10 s; 10k >= 50x naive)", rows);
}

module.exports = { main };
if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });
