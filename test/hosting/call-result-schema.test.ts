import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { FastCallToolResultSchema, isPlainTextResult } from "../../src/hosting/call-result-schema";

const text = (t: string) => ({ type: "text", text: t });
const VALID: unknown[] = [
  { content: [text("Echo: hi")] },
  { content: [text("a"), text("b")], isError: true },
  { content: [], isError: false },
  { content: [text("")] },
  { content: [{ ...text("x"), annotations: { audience: ["user"] } }] },
  { content: [{ ...text("x"), extra: 1 }] },
  { content: [text("x")], _meta: { a: 1 } },
  { content: [text("x")], structuredContent: { n: 1 } },
  { content: [text("x")], other: "kept by the loose object" },
  { content: [{ type: "image", data: "aGk=", mimeType: "image/png" }] },
  {},
  { isError: true },
  JSON.parse('{"content":[{"type":"text","text":"x"}],"__proto__":{"polluted":1}}'),
  JSON.parse('{"content":[{"type":"text","text":"x","__proto__":{"polluted":1}}]}'),
];
const INVALID: unknown[] = [
  null,
  "text",
  [],
  { content: "x" },
  { content: [text("x")], isError: "yes" },
  { content: [{ type: "text" }] },
  { content: [{ type: "text", text: 5 }] },
  { content: [{ type: "unknown", text: "x" }] },
  { content: [null] },
  { content: [text("x"), 7] },
  { content: [text("x")], _meta: "not an object" },
];

describe("the tools/call result schema", () => {
  test.each(VALID.map((v) => [JSON.stringify(v), v]))("when a valid result %s is parsed, then it gives what CallToolResultSchema gives", (_name, value) => {
    const expected = CallToolResultSchema.safeParse(value);
    const actual = FastCallToolResultSchema.safeParse(value);
    expect(expected.success).toBe(true);
    expect(actual.success).toBe(true);
    expect(actual.data).toEqual(expected.data);
    expect(JSON.stringify(actual.data)).toBe(JSON.stringify(expected.data));
  });

  test.each(INVALID.map((v) => [JSON.stringify(v), v]))("when an invalid result %s is parsed, then it fails with CallToolResultSchema's issues", (_name, value) => {
    const expected = CallToolResultSchema.safeParse(value);
    const actual = FastCallToolResultSchema.safeParse(value);
    expect(expected.success).toBe(false);
    expect(actual.success).toBe(false);
    expect(actual.error?.issues.map((i) => [i.code, i.path, i.message])).toEqual(expected.error?.issues.map((i) => [i.code, i.path, i.message]));
  });

  test("when the answer is plain text blocks, then the fast check takes it, and anything more goes to the schema", () => {
    expect(isPlainTextResult({ content: [text("x")] })).toBe(true);
    expect(isPlainTextResult({ content: [text("x")], isError: true })).toBe(true);
    for (const value of [...INVALID, ...VALID.slice(4)]) expect(isPlainTextResult(value)).toBe(false);
  });
});
