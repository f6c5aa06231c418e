import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import type { RegExpEngine } from "ajv/dist/types";
import { RE2 } from "re2-wasm";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import type { FieldError } from "../errors";

export type ArgumentsValidator = (value: unknown) => FieldError[] | undefined;

/**
 * `pattern` and `patternProperties` run on RE2 (linear time, compiled to WASM) instead of the
 * backtracking RegExp engine: a tool's inputSchema comes from a partner's server, and one
 * pattern such as `^(a+)+$` would otherwise stall the event loop on a 30-character argument.
 * RE2 lacks lookaround and backreferences; a schema using them does not compile.
 */
const linearRegExp: RegExpEngine = Object.assign((pattern: string) => new RE2(pattern, "u"), { code: 'require("re2-wasm").RE2' });

function createAjv<T extends Ajv>(ctor: new (opts: object) => T): T {
  // addUsedSchema: false — a schema's `$id` must not register it in the shared instance: a second
  // schema (or the same one compiled again) with that `$id` would fail to compile and its tool
  // would go unvalidated, and a `$ref` could borrow another tool's schema.
  const ajv = new ctor({ strict: false, allErrors: true, logger: false, addUsedSchema: false, code: { regExp: linearRegExp } });
  addFormats(ajv);
  return ajv;
}

/**
 * Compiles MCP tool input schemas (draft-07 or 2020-12) once, so validating a call costs only
 * the compiled function. A schema that cannot be compiled yields undefined: the caller decides.
 */
export class SchemaValidators {
  private readonly draft7 = createAjv(Ajv);
  private readonly draft2020 = createAjv(Ajv2020 as unknown as new (opts: object) => Ajv);

  compile(schema: Record<string, unknown>): ArgumentsValidator | undefined {
    const $schema = typeof schema.$schema === "string" ? schema.$schema : "";
    const ajv = $schema.includes("2020-12") || $schema.includes("2019-09") ? this.draft2020 : this.draft7;
    let fn: ValidateFunction;
    try {
      fn = ajv.compile(schema);
    } catch {
      return undefined;
    }
    return (value) => (fn(value) ? undefined : (fn.errors ?? []).map(toFieldError));
  }
}

function toFieldError(e: ErrorObject): FieldError {
  const extra =
    e.keyword === "required"
      ? `/${String((e.params as { missingProperty?: string }).missingProperty)}`
      : e.keyword === "additionalProperties"
        ? `/${String((e.params as { additionalProperty?: string }).additionalProperty)}`
        : "";
  return { path: `kwargs${(e.instancePath + extra).replace(/\//g, ".")}`, message: e.message ?? e.keyword };
}
