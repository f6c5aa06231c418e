/**
 * server.json inputs: values a client is expected to ask its user for (headers, environment
 * variables, arguments, URL variables). A node hosts a server for many partners and asks no one,
 * so it can use only inputs that carry a value or a default.
 */

interface Input {
  name?: unknown;
  type?: unknown;
  valueHint?: unknown;
  value?: unknown;
  default?: unknown;
  isRequired?: unknown;
}

const named = (i: Input) => String(i.name ?? i.valueHint ?? "?");
const supplied = (i: Input) => typeof i.value === "string" || typeof i.default === "string";

/** The URL with each `{variable}` replaced by its value or default (others left as they are). */
export function resolveUrlTemplate(url: string, variables: unknown): string {
  const vars = (variables !== null && typeof variables === "object" ? variables : {}) as Record<string, Input>;
  return url.replace(/\{([A-Za-z0-9_.-]+)\}/g, (whole, name: string) => {
    const v = vars[name];
    const value = typeof v?.value === "string" ? v.value : typeof v?.default === "string" ? v.default : undefined;
    return value ?? whole;
  });
}

/**
 * The inputs of a remote or package the node cannot supply: required headers and environment
 * variables without a value or default, and positional arguments without one (a positional
 * argument is always needed).
 */
export function unsuppliedInputs(item: Record<string, unknown>): string[] {
  const list = (key: string) => (Array.isArray(item[key]) ? (item[key] as Input[]) : []);
  const out: string[] = [];
  for (const h of list("headers")) if (h.isRequired === true && !supplied(h)) out.push(`header ${named(h)}`);
  for (const e of list("environmentVariables")) if (e.isRequired === true && !supplied(e)) out.push(`environment variable ${named(e)}`);
  for (const a of [...list("runtimeArguments"), ...list("packageArguments")]) {
    if ((a.type === "positional" || a.isRequired === true) && !supplied(a)) out.push(`argument ${named(a)}`);
  }
  return out;
}
