import { ValidationError } from "../../src/errors";
import { parseExecuteBody } from "../../src/node/execute-body";
import { ExecuteBodySchema } from "../../src/node/schemas";

const BODIES: string[] = [
  '{"mcp_name":"everything.echo","kwargs":{"message":"hi"}}',
  '{"mcp_name":"everything.echo"}',
  '{"kwargs":{},"mcp_name":"a.b@partner.example:8443"}',
  '{"mcp_name":"s.t","kwargs":{"deep":{"a":[1,{"b":null}]}}}',
  '{"mcp_name":"s.t","args":[1,2]}',
  '{"mcp_name":"s.t","args":[1],"kwargs":{"b":2}}',
  // refused, or left to the schema
  '{"mcp_name":"s.t","kwargs":{"__proto__":{"polluted":true}}}',
  '{"mcp_name":"bad name","kwargs":{}}',
  '{"mcp_name":"","kwargs":{}}',
  `{"mcp_name":"${"x".repeat(129)}"}`,
  '{"mcp_name":"s.t@","kwargs":{}}',
  '{"mcp_name":"s.t@host:123456"}',
  '{"mcp_name":7}',
  '{"mcp_name":"s.t","kwargs":[1]}',
  '{"mcp_name":"s.t","kwargs":null}',
  '{"mcp_name":"s.t","kwargs":"x"}',
  '{"mcp_name":"s.t","extra":1}',
  '{"mcp_name":"s.t","__proto__":{"kwargs":{}}}',
  '{"mcp_name":"s.t\\n"}',
  "{}",
  "[]",
  "null",
  '"s.t"',
];

describe("parseExecuteBody", () => {
  test.each(BODIES)("when POST /execute carries %s, then it is accepted or refused as ExecuteBodySchema decides, with the same value", (text) => {
    const body: unknown = JSON.parse(text);
    const parsed = ExecuteBodySchema.safeParse(body);
    if (!parsed.success) {
      expect(() => parseExecuteBody(body)).toThrow(ValidationError);
      return;
    }
    expect(parseExecuteBody(body)).toEqual(parsed.data);
  });

  test("when the body is refused, then the problem names each field under body.", () => {
    try {
      parseExecuteBody({ mcp_name: "bad name", extra: 1 });
      throw new Error("not refused");
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      const paths = (err as ValidationError).errors?.map((e) => e.path);
      expect(paths).toEqual(expect.arrayContaining(["body.mcp_name", "body"]));
    }
  });
});
