import type { Request, RequestHandler, Response } from "express";
import type { z } from "zod";
import { ValidationError, type FieldError } from "../errors";

interface Schemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}

type Parsed<S extends Schemas> = {
  [K in keyof S]: S[K] extends z.ZodType ? z.output<S[K]> : never;
};

function issuesToErrors(part: string, error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({ path: [part, ...i.path.map(String)].join("."), message: i.message }));
}

/**
 * Validates body, query and params with zod before the handler runs; the handler sees parsed
 * values only. Every failing part is reported in one 400 problem.
 */
export function handle<S extends Schemas>(
  schemas: S,
  handler: (input: Parsed<S>, req: Request, res: Response) => unknown,
): RequestHandler {
  return async (req, res) => {
    const input: Record<string, unknown> = {};
    const errors: FieldError[] = [];
    for (const part of ["params", "query", "body"] as const) {
      const schema = schemas[part];
      if (!schema) continue;
      const result = schema.safeParse(req[part]);
      if (result.success) input[part] = result.data;
      else errors.push(...issuesToErrors(part, result.error));
    }
    if (errors.length > 0) throw new ValidationError("the request is not valid", { errors });
    await handler(input as Parsed<S>, req, res);
  };
}
