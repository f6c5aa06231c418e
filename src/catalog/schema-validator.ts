import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import type { FieldError } from "../errors";

export type ArgumentsValidator = (value: unknown) => FieldError[] | undefined;

function createAjv<T extends Ajv>(ctor: new (opts: object) => T): T {
  const ajv = new ctor({ strict: false, allErrors: true, logger: false });
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
