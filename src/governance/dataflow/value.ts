/**
 * The abstract values the data-flow analyzers compute for expressions, shared by the JS/TS and
 * Python front ends. A value is what the analysis knows about an expression at one place: its
 * string when it can be folded, the module member it names once aliases are resolved, and the
 * sources whose data it carries (with the path the data took).
 */

/** Where untrusted or sensitive data comes from. */
export type TaintKind =
  /** a tool's argument (what the model, hence whoever writes the prompt, controls) */
  | "arg"
  /** a parameter of a function the analysis never saw called: weak evidence */
  | "param"
  /** the whole environment (process.env, os.environ), or an enumeration of it */
  | "env"
  /** one named environment variable (a configured API key or base URL) */
  | "env-var"
  /** a credential path (~/.ssh, ~/.aws/credentials, …) or what was read from one */
  | "credential"
  /** the contents of some other file */
  | "file"
  /** the contents of a file whose path a tool argument chose (carried beside "file") */
  | "user-file"
  /** data received over the network (code fetched at run time) */
  | "remote";

/** One hop of a flow: where the data went through. */
export interface Step {
  file: string;
  line: number;
  note: string;
}

export interface Value {
  /** the string the expression always evaluates to */
  str?: string;
  /** the constant beginning of a string whose rest is computed (a URL's scheme and host) */
  prefix?: string;
  /** true when `str` was assembled (concatenation, decoding) rather than written as one literal */
  folded?: boolean;
  /** true when `str` was decoded from base64/hex: hidden code */
  decoded?: boolean;
  /** true when tainted data was combined with other text (`${secret}.attacker.example`) */
  composite?: boolean;
  /** true when the string starts with a configured value (a base URL from the environment) */
  configuredBase?: boolean;
  /** true when a path went through realpath/abspath/resolve: `..` is gone, a prefix check confines it */
  normalized?: boolean;
  /** the module member or builtin the expression names, e.g. `child_process.exec`, `eval` */
  ref?: string;
  /** true when `ref` was reached through a computed name (`globalThis["ev" + "al"]`) */
  obfuscated?: boolean;
  /** sources whose data the value carries, each with the path it took */
  taints: Map<TaintKind, Step[]>;
  /** elements of an array or tuple literal */
  items?: Value[];
  /** properties of an object literal */
  props?: Map<string, Value>;
  /** a function the value refers to, for calls within the analysis */
  fn?: unknown;
}

export function unknown(): Value {
  return { taints: new Map() };
}

export function constant(str: string): Value {
  return { str, taints: new Map() };
}

export function refValue(ref: string, obfuscated = false): Value {
  return { ref, taints: new Map(), ...(obfuscated ? { obfuscated } : {}) };
}

export function tainted(kind: TaintKind, step: Step): Value {
  return { taints: new Map([[kind, [step]]]) };
}

/** The union of what several values carry (their strings are lost unless there is one value). */
export function join(values: readonly Value[]): Value {
  if (values.length === 1) return values[0];
  const out = unknown();
  for (const v of values) mergeTaints(out, v);
  return out;
}

export function mergeTaints(into: Value, from: Value): void {
  for (const [k, steps] of from.taints) if (!into.taints.has(k)) into.taints.set(k, steps);
}

/** A copy of `v` whose every flow gains one more step. */
export function through(v: Value, step: Step): Value {
  const taints = new Map<TaintKind, Step[]>();
  for (const [k, steps] of v.taints) {
    const last = steps[steps.length - 1];
    const same = last && last.line === step.line && last.file === step.file && last.note === step.note;
    taints.set(k, steps.length >= 12 || same ? steps : [...steps, step]);
  }
  return { ...v, taints };
}

/** String concatenation: folds constants, keeps the constant prefix of partly known strings. */
export function concat(parts: readonly Value[]): Value {
  const out = unknown();
  for (const p of parts) mergeTaints(out, p);
  if (parts.every((p) => p.str !== undefined)) {
    out.str = parts.map((p) => p.str).join("");
    out.folded = parts.length > 1 || parts.some((p) => p.folded);
    out.decoded = parts.some((p) => p.decoded);
    return out;
  }
  if (parts.length > 1 && out.taints.size) out.composite = true;
  // `${BASE_URL}/items/${id}`: the host is the operator's configuration, not the caller's
  const lead = parts[0];
  if (lead && lead.str === undefined && (lead.configuredBase || (lead.taints.has("env-var") && !lead.taints.has("arg") && !lead.prefix))) out.configuredBase = true;
  let prefix = "";
  for (const p of parts) {
    if (p.str === undefined) {
      prefix += p.prefix ?? "";
      break;
    }
    prefix += p.str;
  }
  if (prefix) out.prefix = prefix;
  return out;
}

/** The known text of a value: the whole string, or its constant beginning. */
export function knownText(v: Value): string | undefined {
  return v.str ?? v.prefix;
}

/** All the values inside `v` (itself, array items, object properties), for sinks taking any of them. */
export function flatten(v: Value, depth = 0): Value[] {
  const out = [v];
  if (depth > 3) return out;
  for (const i of v.items ?? []) out.push(...flatten(i, depth + 1));
  for (const p of v.props?.values() ?? []) out.push(...flatten(p, depth + 1));
  return out;
}
