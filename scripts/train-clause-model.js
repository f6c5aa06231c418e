// Trains the clause model of the description analysis (src/governance/descriptions/clause-weights.json,
// ADR 0070) from the bench's description sets: clauses of the poisoned texts against the clauses of
// real servers' tools. Deterministic: the same data gives the same file. Run after `npm run build`:
//
//   node scripts/train-clause-model.js                 write the model from every set
//   node scripts/train-clause-model.js --hold-out heldout12,heldout13
//       train without those sets (their malicious texts and their benign servers) and print what
//       the model catches of them, and which of their benign servers it would reject; writes nothing
"use strict";
const { readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const dist = join(__dirname, "../dist/governance/descriptions");
const { clauseFeatureIds, parseClauseModel, plantedClause, serializeClauseModel, readClauses, scriptGroup: scriptOf, SCRIPT_GROUPS } = require(join(dist, "clause-model.js"));
const { normalizeText } = require(join(dist, "normalize.js"));
const { splitClauses } = require(join(dist, "clause-features.js"));
const { toolTexts } = require(join(dist, "definition-texts.js"));

const DATA = join(__dirname, "../bench/data/governance");
const OUT = join(__dirname, "../src/governance/descriptions/clause-weights.json");
const BITS = 19;
const EPOCHS = 8;
const RATE = 0.1;
const L2 = 1e-6;
/** Rounds in which each poisoned text keeps as positives only its clauses scoring near its best. */
const FOCUS_ROUNDS = 2;
/** The clauses within this logit of a text's best clause stay positive in a focus round. */
const FOCUS_BAND = 1;
/** A poisoned text's opening clause this far below its best clause is honest (a negative). */
const LEAD_GAP = 2;
/**
 * Room above the best benign clause never trained on, for text unlike any server seen. The mean
 * of two partitions runs about 0.75 below one partition's best on the same data (CJK 5.9 → 5.2,
 * Latin 5.5 → 4.7 on dev to held-out 15), so the room is 2 where it was 1.5 with one partition.
 */
const MARGIN = 2;
/** The least threshold: a logit of 4 is a probability of 0.98 on the training balance. */
const MIN_THRESHOLD = 4;
const FOLDS = 5;
/** Two partitions of the benign servers into folds: every clause is scored unseen twice. */
const PARTITIONS = 2;

const clausesOf = (text) => splitClauses(normalizeText(text)).filter((c) => c.trim().length > 3);

/**
 * The sets the model learns from, named one by one: a held-out set joins only after its one run
 * of the bench (bench/data/governance/README.md), so the model never sees text it is measured on.
 */
const TRAINING_SETS = ["dev", "heldout", "heldout2", "heldout3", "heldout4b", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12", "heldout13", "heldout14", "heldout15", "heldout16", "heldout17", "heldout18"];
/** Benign tool lists that belong to no held-out split (LiveMCPBench; the multilingual servers, training data only). */
const EXTRA_BENIGN = ["livemcpbench-tools.json", "benign-multilingual-tools.json"];

function maliciousSets() {
  const sets = new Map();
  for (const split of TRAINING_SETS) {
    const d = JSON.parse(readFileSync(join(DATA, `malicious-${split}-bases.json`), "utf8"));
    sets.set(split, [...d.bases.map((b) => b.text), ...(d.parameters ?? []).map((p) => `${p.name}: ${p.description}`)]);
  }
  return sets;
}

function benignSets() {
  const sets = new Map();
  const files = [...TRAINING_SETS.map((split) => [split, split === "dev" ? "benign-tools.json" : `benign-${split}-tools.json`]), ...EXTRA_BENIGN.map((f) => [f.replace(/-tools\.json$/, ""), f])];
  for (const [split, f] of files) {
    const servers = JSON.parse(readFileSync(join(DATA, f), "utf8")).servers.map((s) => {
      const texts = [];
      if (s.instructions) texts.push(s.instructions);
      for (const t of s.tools ?? []) for (const p of toolTexts(t)) texts.push(p.text);
      for (const p of s.prompts ?? []) if (p.description) texts.push(p.description);
      return { name: s.package, clauses: [...new Set(texts.flatMap(clausesOf))] };
    });
    sets.set(split, servers);
  }
  return sets;
}

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
}

/** Logistic regression with AdaGrad over hashed clause features; bags of positives are focused. */
function train(bags, negatives) {
  const w = new Float64Array(1 << BITS);
  const score = (f) => f.reduce((z, i) => z + w[i], 0);
  const fit = (positives, negatives) => {
    w.fill(0);
    const g2 = new Float64Array(w.length).fill(1e-8);
    const rand = rng(1);
    const examples = [...positives.map((f) => [f, 1]), ...negatives.map((f) => [f, 0])];
    for (let e = 0; e < EPOCHS; e++) {
      for (let k = examples.length - 1; k > 0; k--) {
        const j = Math.floor(rand() * (k + 1));
        [examples[k], examples[j]] = [examples[j], examples[k]];
      }
      for (const [f, y] of examples) {
        const g = 1 / (1 + Math.exp(-score(f))) - y;
        for (const i of f) {
          const gi = g + L2 * w[i];
          g2[i] += gi * gi;
          w[i] -= (RATE * gi) / Math.sqrt(g2[i]);
        }
      }
    }
  };
  // an attack is one clause after honest ones: first every clause of a poisoned text is positive,
  // then only those that read most like the attack
  fit(bags.flat(), negatives);
  for (let r = 0; r < FOCUS_ROUNDS; r++) {
    const positives = [];
    const honest = [];
    for (const bag of bags) {
      const scores = bag.map(score);
      const best = Math.max(...scores);
      bag.forEach((f, i) => {
        if (scores[i] >= best - FOCUS_BAND) positives.push(f);
        // the opening clause of a poisoned text, far below its attack, is the honest description
        // it hides behind: the only honest text the sets have in Russian, Spanish, German…
        else if (i === 0 && scores[i] < Math.min(0, best - LEAD_GAP)) honest.push(f);
      });
    }
    fit(positives, [...negatives, ...honest]);
  }
  return w;
}

function build(malicious, benign) {
  const bags = malicious.map((text) => clausesOf(text).map((c) => clauseFeatureIds(c, BITS))).filter((b) => b.length > 0);
  const seen = new Set();
  const negatives = [];
  for (const s of benign) for (const c of s.clauses) if (!seen.has(c)) { seen.add(c); negatives.push(clauseFeatureIds(c, BITS)); }
  // "Use this tool when…" also said as "The assistant should use this tool when…": naming the
  // model is no attack by itself, and real servers rarely name it
  let n = 0;
  for (const s of benign) {
    for (const c of s.clauses) {
      const a = addressed(c, n);
      if (a && !seen.has(a)) {
        seen.add(a);
        negatives.push(clauseFeatureIds(a, BITS));
        n++;
      }
    }
  }
  return train(bags, negatives);
}

/** Who a vendor's imperative is for, said out loud: "Use this tool when…" → "The assistant should use this tool when…". */
const ADDRESSEES = ["The assistant should", "The agent should", "The model should", "The AI should", "Claude should", "You should"];
const IMPERATIVE = /^(?:use|call|invoke|run|prefer|ask|check|make sure|ensure|only|always|never|do not|don't|avoid|pass|provide|include|read|fetch|return|set|specify|choose|pick|try|remember|note|confirm)\b/i;
function addressed(clause, n) {
  if (!IMPERATIVE.test(clause)) return undefined;
  return `${ADDRESSEES[n % ADDRESSEES.length]} ${clause[0].toLowerCase()}${clause.slice(1)}`;
}

const flat = (t) => Object.fromEntries(SCRIPT_GROUPS.map((g) => [g, t]));
const quantized = (weights, thresholds = flat(MIN_THRESHOLD)) => parseClauseModel(serializeClauseModel(weights, BITS, thresholds, null));
const caught = (model, clauses) => plantedClause(clauses, model) !== undefined;

function main() {
  const holdOut = process.argv.includes("--hold-out") ? (process.argv[process.argv.indexOf("--hold-out") + 1] ?? "").split(",").filter(Boolean) : [];
  const mal = maliciousSets();
  const ben = benignSets();
  const trainMal = [...mal].filter(([k]) => !holdOut.includes(k));
  const trainBen = [...ben].filter(([k]) => !holdOut.includes(k));
  const malTexts = trainMal.flatMap(([, t]) => t);
  const benServers = trainBen.flatMap(([, s]) => s);
  const { thresholds, weights } = calibrate(malTexts, benServers);
  const model = quantized(weights, thresholds);
  if (holdOut.length > 0) {
    for (const k of holdOut) {
      const texts = mal.get(k) ?? [];
      const servers = ben.get(k) ?? [];
      const flagged = servers.filter((s) => caught(model, s.clauses));
      console.log(`${k}: malicious texts caught ${texts.filter((t) => caught(model, clausesOf(t))).length}/${texts.length}; benign servers flagged ${flagged.length}/${servers.length}${flagged.length ? ` (${flagged.map((s) => s.name).join(", ")})` : ""}`);
    }
    return;
  }
  const file = serializeClauseModel(weights, BITS, thresholds, {
    malicious: trainMal.map(([k, t]) => `${k} ${t.length}`),
    benign: trainBen.map(([k, s]) => `${k} ${s.length}`),
    poisonedTexts: malTexts.length,
    benignServers: benServers.length,
  });
  writeFileSync(OUT, `${JSON.stringify(file, null, 1)}\n`);
  console.log(`wrote ${OUT}: thresholds ${JSON.stringify(thresholds)}, ${malTexts.length} poisoned texts, ${benServers.length} benign servers`);
}

/**
 * Trains one model per fold of the benign servers, in two partitions of the servers into folds,
 * and returns their mean (steadier than one model on everything: a clause's score moves less
 * when a set is added) and the threshold of each script: the best clause in that script of every
 * benign server, scored by the models whose folds left it out (a server never seen; the mean of
 * its two partitions, as one fold's luck moved a single clause by three points), plus MARGIN, and
 * at least MIN_THRESHOLD. Cyrillic, with no benign server, takes the Latin threshold: both are
 * alphabetic scripts read as words, where CJK is read as characters.
 */
function calibrate(malTexts, benServers) {
  const mean = new Float64Array(1 << BITS);
  const unseen = benServers.map((s) => new Map());
  for (let p = 0; p < PARTITIONS; p++) {
    const foldOf = (i) => (p === 0 ? i % FOLDS : Math.floor(i / FOLDS) % FOLDS);
    for (let fold = 0; fold < FOLDS; fold++) {
      const weights = build(malTexts, benServers.filter((_, i) => foldOf(i) !== fold));
      for (let i = 0; i < mean.length; i++) mean[i] += weights[i] / (FOLDS * PARTITIONS);
      const model = quantized(weights);
      benServers.forEach((s, i) => {
        if (foldOf(i) !== fold) return;
        for (const r of readClauses(s.clauses, model)) unseen[i].set(r.clause, (unseen[i].get(r.clause) ?? 0) + r.score / PARTITIONS);
      });
    }
  }
  const top = flat(-Infinity);
  const who = {};
  benServers.forEach((s, i) => {
    for (const [clause, score] of unseen[i]) {
      const g = scriptOf(clause);
      if (score > top[g]) {
        top[g] = score;
        who[g] = `${s.name}: ${clause.slice(0, 80)}`;
      }
    }
  });
  for (const g of SCRIPT_GROUPS) console.log(`${g}: best left-out benign clause ${top[g].toFixed(2)} (${who[g] ?? "none"})`);
  if (top.cyrillic === -Infinity) top.cyrillic = top.latin;
  const highest = Math.max(...Object.values(top));
  const thresholds = Object.fromEntries(SCRIPT_GROUPS.map((g) => [g, Math.round(Math.max(MIN_THRESHOLD, (top[g] === -Infinity ? highest : top[g]) + MARGIN) * 10) / 10]));
  return { thresholds, weights: mean };
}

module.exports = { build, calibrate, maliciousSets, benignSets, clausesOf, quantized, caught, BITS };
if (require.main === module) main();
