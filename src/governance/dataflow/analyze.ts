import { posix } from "node:path";
import type ts from "typescript";
import { severityRank, type Finding } from "../findings";
import type { Reporter } from "./js-calls";
import { JsModule, type JsModuleHost } from "./js-module";
import { analyzePythonFiles } from "./py-project";
import { Budget, BudgetExceeded } from "./scope";
import { claimFindings, effectsOf, EffectFrames, type Effect } from "./effects";
import { judge, type FlowFinding, type SinkCall } from "./sinks";

const JS = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const SENSITIVE_OBJECTS = /^(child_process|vm|os|subprocess|builtins|process|globalThis|global|window|self|fs|net|http|https|dns|importlib|pickle|socket)$/;

/** Collects judged findings, once per rule and place. */
export class FlowCollector {
  private readonly byKey = new Map<string, FlowFinding>();
  /** files that open network connections (with an interactive shell: a reverse shell) */
  readonly networkFiles = new Set<string>();
  /** effects of the functions being evaluated, for the tool-claim check */
  readonly frames = new EffectFrames();

  add(f: FlowFinding): void {
    const key = `${f.ruleId}:${f.file}:${f.line}`;
    const prev = this.byKey.get(key);
    if (!prev || severityRank(f.severity) > severityRank(prev.severity)) this.byKey.set(key, f);
  }

  sink(call: SinkCall): void {
    if (call.kind === "network") this.networkFiles.add(call.file);
    for (const f of judge(call)) this.add(f);
    this.frames.add(effectsOf(call));
  }

  /** A tool whose description or annotations promise what its handler's effects contradict. */
  toolClaims(tool: string, claimText: string, effects: ReadonlySet<Effect>, file: string, line: number): void {
    for (const f of claimFindings(tool, claimText, effects)) this.add({ ...f, file, line });
  }

  computedMember(ref: string, file: string, line: number): void {
    if (SENSITIVE_OBJECTS.test(ref)) this.add({ ruleId: "flow/computed-member", severity: "high", message: `a member of ${ref} is chosen by a name computed at run time`, file, line });
  }

  obfuscatedAccess(ref: string, file: string, line: number): void {
    this.add({ ruleId: "flow/obfuscated-access", severity: "high", message: `${ref} is reached through a name assembled from pieces`, file, line });
  }

  findings(): Finding[] {
    return [...this.byKey.values()].map((f) => {
      if (f.ruleId === "flow/interactive-shell" && this.networkFiles.has(f.file)) {
        return { ...f, ruleId: "flow/reverse-shell", severity: "high" as const, message: `${f.message}, in a file that opens network connections: a reverse shell`, scanner: "dataflow" as const };
      }
      return { ...f, scanner: "dataflow" as const };
    });
  }
}

function lineOf(sf: ts.SourceFile, node: ts.Node): number {
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

/**
 * Source-to-sink analysis of a repository's JS/TS and Python files: tool arguments, the
 * environment, credential paths and file contents followed through aliases, string building,
 * function calls and imports to process execution, code evaluation, deserialization, network
 * and file writes. Each file has a work budget; a file that exhausts it is reported.
 */
export interface AnalysisLimits {
  /** evaluation steps per file (default 2 million) */
  maxSteps?: number;
  /** wall-clock time per file (default 15 s; a backstop; the step count is the deterministic bound) */
  msPerFile?: number;
}

export function analyzeRepository(files: readonly string[], read: (file: string) => string | undefined, limits: AnalysisLimits = {}): Finding[] {
  const budget = () => new Budget(limits.maxSteps, limits.msPerFile);
  const collector = new FlowCollector();
  const jsFiles = new Set(files.filter((f) => JS.test(f) && !f.endsWith(".d.ts")));
  const modules = new Map<string, JsModule | undefined>();
  const incomplete: Finding[] = [];
  const host: JsModuleHost = {
    resolve(from, spec) {
      const base = posix.normalize(posix.join(posix.dirname(from), spec));
      const stem = base.replace(/\.(js|mjs|cjs|jsx)$/, "");
      const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.cts`, `${base}.js`, `${base}.mjs`, `${base}.cjs`, `${base}/index.ts`, `${base}/index.js`];
      return candidates.find((c) => jsFiles.has(c));
    },
    module(file) {
      if (!modules.has(file)) {
        const text = jsFiles.has(file) ? read(file) : undefined;
        modules.set(file, text === undefined ? undefined : new JsModule(file, text, reporterFor(file, () => modules.get(file)!.sf), budget(), host));
      }
      return modules.get(file);
    },
  };
  const reporterFor = (file: string, sf: () => ts.SourceFile): Reporter => ({
    sink: (call) => collector.sink(call),
    computedMember: (ref, node) => collector.computedMember(ref, file, lineOf(sf(), node)),
    obfuscatedAccess: (ref, node) => collector.obfuscatedAccess(ref, file, lineOf(sf(), node)),
    frames: collector.frames,
    toolClaims: (tool, text, effects, node) => collector.toolClaims(tool, text, effects, file, lineOf(sf(), node)),
  });
  for (const file of jsFiles) {
    try {
      host.module(file)?.load();
    } catch (err) {
      if (!(err instanceof BudgetExceeded)) throw err;
      incomplete.push(incompleteFinding(file));
    }
  }
  for (const file of analyzePythonFiles(files.filter((f) => f.endsWith(".py")), read, collector, budget)) incomplete.push(incompleteFinding(file));
  return [...collector.findings(), ...incomplete];
}

function incompleteFinding(file: string): Finding {
  return { ruleId: "flow/analysis-incomplete", severity: "medium", message: "the file exhausted the data-flow analysis budget; flows after that point were not followed", scanner: "dataflow", file };
}
