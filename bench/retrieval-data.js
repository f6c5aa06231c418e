// Loads the LiveMCPBench tools and tasks (bench/data/retrieval, Apache-2.0) as engine tools and
// evaluation tasks, splits the tasks into a tuning and a held-out half, and scores rankings.
"use strict";
const { createHash } = require("node:crypto");
const { join } = require("node:path");

const DATA = join(__dirname, "data", "retrieval");

/** The 527 tools as engine LocalTools: `server.tool`, with their server's description. */
function loadTools() {
  const servers = require(join(DATA, "tools.json"));
  const tools = [];
  for (const s of servers) {
    for (const [key, def] of Object.entries(s.tools ?? {})) {
      for (const t of def.tools ?? []) {
        tools.push({
          name: `${key}.${t.name}`,
          description: t.description ?? "",
          serverDescription: s.description ?? "",
          version: def.version ?? "0.0.0",
          tags: s.category ? [s.category] : [],
          capabilities: [],
          inputSchema: t.inputSchema ?? { type: "object" },
          executable: false,
        });
      }
    }
  }
  return tools;
}

/**
 * Tasks with the tool names a solution uses. Ordered by a hash of their id (not by anything
 * about their content): the first 20 are the tuning half, the other 17 held out; `fold` (0..4)
 * serves cross-validation.
 */
function loadTasks() {
  const tasks = require(join(DATA, "tasks-dev.json"));
  return withSplits(tasks.map(parseTask));
}

/** The annotated tool names of one task in the LiveMCPBench format. */
function parseTask(t) {
  return {
    id: t.task_id,
    query: t.Question,
    tools: [...new Set(t["Annotator Metadata"].Tools.split("\n").map((l) => l.replace(/^\s*\d+\.\s*/, "").trim()).filter(Boolean))],
  };
}

/**
 * The tasks of tasks-heldout.json, written for the project without running the retriever on them
 * (ADR 0046): never tuned on, measured as they are. Missing file: an empty list.
 */
function loadHeldOutTasks() {
  let tasks;
  try {
    tasks = require(join(DATA, "tasks-heldout.json"));
  } catch {
    return [];
  }
  return tasks.map(parseTask);
}

function withSplits(tasks) {
  const digest = (id) => createHash("sha256").update(id).digest("hex");
  return tasks
    .sort((a, b) => (digest(a.id) < digest(b.id) ? -1 : 1))
    .map((t, i) => ({ ...t, split: i < 20 ? "tune" : "held-out", fold: i % 5 }));
}

/** The tool part of `server.tool@host`. */
function toolName(id) {
  const bare = id.includes("@") ? id.slice(0, id.lastIndexOf("@")) : id;
  return bare.slice(bare.indexOf(".") + 1);
}

/** Fraction of a task's tools among the first k result ids. */
function recallAt(task, ids, k) {
  const found = new Set(ids.slice(0, k).map(toolName));
  return task.tools.filter((t) => found.has(t)).length / task.tools.length;
}

const KS = [1, 5, 10, 20];

/** Mean recall@k over tasks for a `search(query) → ids` function. */
function evaluate(tasks, search) {
  const sums = KS.map(() => 0);
  for (const t of tasks) {
    const ids = search(t.query);
    KS.forEach((k, i) => (sums[i] += recallAt(t, ids, k)));
  }
  return Object.fromEntries(KS.map((k, i) => [`R@${k}`, tasks.length ? sums[i] / tasks.length : NaN]));
}

module.exports = { loadTools, loadTasks, loadHeldOutTasks, evaluate, recallAt, toolName, KS };

function rng(seed) {
  return () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
}

/**
 * `n` tools made from the real ones: copy r of a server is `server-r`, and each description
 * loses about a fifth of its words and gains as many drawn from the whole vocabulary, so posting
 * lists and vocabulary grow as they would with many different servers, not as exact repeats.
 */
function synthesize(tools, n, seed = 7) {
  const rand = rng(seed);
  const vocabulary = [...new Set(tools.flatMap((t) => t.description.split(/\s+/)).filter((w) => w.length > 2))];
  const out = [];
  for (let r = 0; out.length < n; r++) {
    for (const t of tools) {
      if (out.length >= n) break;
      const dot = t.name.indexOf(".");
      const words = t.description.split(/\s+/).map((w) => (rand() < 0.2 ? vocabulary[Math.floor(rand() * vocabulary.length)] : w));
      out.push({ ...t, name: `${t.name.slice(0, dot)}-${r}.${t.name.slice(dot + 1)}`, description: words.join(" ") });
    }
  }
  return out;
}

module.exports.synthesize = synthesize;
