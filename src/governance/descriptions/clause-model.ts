import { deflateSync, inflateSync } from "node:zlib";
import modelFile from "./clause-weights.json";

/**
 * A linear model over hashed n-grams of one clause, trained on clauses of poisoned description
 * texts against clauses of real servers' tools (`scripts/train-clause-model.js`, ADR 0070). The
 * frames read the ideas of an attack in words they list; this reads the wording the frames have
 * not listed, through word stems and letter runs shared with attacks seen before.
 */
export interface ClauseModel {
  /** log2 of the number of hashed features. */
  bits: number;
  /** One signed byte per feature; the weight is `weights[i] * scale`. */
  weights: Int8Array;
  scale: number;
  /** A clause scoring this much or more reads as planted for the model, by the clause's script. */
  thresholds: Record<ScriptGroup, number>;
}

/**
 * Scripts are thresholded apart: honest descriptions in English are plentiful in the training
 * data and honest ones in Chinese or Russian are not, so one cut would be calibrated on English.
 */
export type ScriptGroup = "cjk" | "cyrillic" | "latin";
export const SCRIPT_GROUPS: readonly ScriptGroup[] = ["cjk", "cyrillic", "latin"];

/** The model file's shape (`clause-weights.json`): the weights deflated and base64-encoded. */
export interface ClauseModelFile {
  format: 1;
  bits: number;
  scale: number;
  thresholds: Record<ScriptGroup, number>;
  weights: string;
  trainedOn?: unknown;
}

/** Scripts in which a word is a run of characters without spaces: read as character n-grams. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const TOKEN = /[\p{L}\p{M}]+|\p{N}+|[~/.$_-]+/gu;
/** Word stems cut here: "exfiltrate", "exfiltrated" and "exfiltration" share one feature. */
const STEM = 6;
/** Letter runs inside longer words, which carry stems across inflections and languages. */
const GRAM = 4;

/** 32-bit FNV-1a: stable across runs and platforms, so a model trained once reads the same. */
function hash(s: string, mask: number): number {
  let x = 2166136261;
  for (let i = 0; i < s.length; i++) {
    x ^= s.charCodeAt(i);
    x = Math.imul(x, 16777619);
  }
  return (x >>> 0) & mask;
}

/** The hashed features of one clause (index 0 is the bias, always present). */
export function clauseFeatureIds(clause: string, bits: number): number[] {
  const mask = (1 << bits) - 1;
  const ids = new Set<number>([0]);
  const words: string[] = [];
  for (const [token] of clause.toLowerCase().matchAll(TOKEN)) {
    if (UNSPACED.test(token)) {
      for (let i = 0; i < token.length; i++) {
        ids.add(hash(`c1${token[i]}`, mask));
        if (i + 1 < token.length) ids.add(hash(`c2${token.slice(i, i + 2)}`, mask));
        if (i + 2 < token.length) ids.add(hash(`c3${token.slice(i, i + 3)}`, mask));
      }
      words.push("<cjk>");
      continue;
    }
    words.push(token.length > STEM ? token.slice(0, STEM) : token);
    if (token.length > GRAM) {
      const padded = ` ${token} `;
      for (let i = 0; i + GRAM <= padded.length; i++) ids.add(hash(`g${padded.slice(i, i + GRAM)}`, mask));
    }
  }
  for (let i = 0; i < words.length; i++) {
    ids.add(hash(`w${words[i]}`, mask));
    if (i + 1 < words.length) ids.add(hash(`b${words[i]} ${words[i + 1]}`, mask));
  }
  return [...ids];
}

/** The script group of a clause: any Chinese, Japanese or Korean letter, else any Cyrillic one. */
export function scriptGroup(clause: string): ScriptGroup {
  if (UNSPACED.test(clause)) return "cjk";
  return CYRILLIC.test(clause) ? "cyrillic" : "latin";
}

/** The model's score (a logit) for one clause. */
export function clauseScore(model: ClauseModel, clause: string): number {
  let z = 0;
  for (const id of clauseFeatureIds(clause, model.bits)) z += model.weights[id];
  return z * model.scale;
}

/** Reads a model file; throws on a file whose weights do not match its declared size. */
export function parseClauseModel(file: ClauseModelFile): ClauseModel {
  const bytes = inflateSync(Buffer.from(file.weights, "base64"));
  if (file.format !== 1 || bytes.length !== 1 << file.bits) throw new Error(`clause model: expected ${1 << file.bits} weights, got ${bytes.length}`);
  return { bits: file.bits, scale: file.scale, thresholds: file.thresholds, weights: new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length) };
}

/** Writes a model file: weights quantized to signed bytes, deflated, base64-encoded. */
export function serializeClauseModel(weights: Float64Array, bits: number, thresholds: Record<ScriptGroup, number>, trainedOn: unknown): ClauseModelFile {
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const scale = max / 127 || 1;
  const bytes = new Int8Array(weights.length);
  for (let i = 0; i < weights.length; i++) bytes[i] = Math.round(weights[i] / scale);
  return { format: 1, bits, scale, thresholds, weights: deflateSync(Buffer.from(bytes.buffer), { level: 9 }).toString("base64"), trainedOn };
}

let shipped: ClauseModel | undefined;

/** The model shipped with the node (loaded on first use). */
export function shippedClauseModel(): ClauseModel {
  shipped ??= parseClauseModel(modelFile as ClauseModelFile);
  return shipped;
}


/** Words a clause needs before the model reads it: a name or a two-word label says too little. */
const MIN_WORDS = 4;

/** A clause the model read, with its score and the threshold of its script. */
export interface PlantedClause {
  clause: string;
  score: number;
  threshold: number;
}

/** The clause that most exceeds its script's threshold, if any. */
export function plantedClause(clauses: readonly string[], model: ClauseModel = shippedClauseModel()): PlantedClause | undefined {
  const best = bestClause(clauses, model);
  return best !== undefined && best.score >= best.threshold ? best : undefined;
}

/** The clause closest to (or furthest over) its script's threshold, over or not. */
function bestClause(clauses: readonly string[], model: ClauseModel): PlantedClause | undefined {
  let best: PlantedClause | undefined;
  for (const read of readClauses(clauses, model)) if (!best || read.score - read.threshold > best.score - best.threshold) best = read;
  return best;
}

/** Every clause long enough to read, scored (for training and for reports). */
export function readClauses(clauses: readonly string[], model: ClauseModel): PlantedClause[] {
  const out: PlantedClause[] = [];
  for (const clause of clauses) {
    if (!UNSPACED.test(clause) && clause.split(/\s+/).length < MIN_WORDS) continue;
    out.push({ clause, score: clauseScore(model, clause), threshold: model.thresholds[scriptGroup(clause)] });
  }
  return out;
}
