import { CallToolRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { callParamsOf } from "../../src/mcp/direct-calls";

const BODIES: string[] = [
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"message":"hi"}}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo"}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"arguments":{},"name":"a__b"}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"nested":{"deep":[1,{"x":null}]}}}}',
  // left to the schema
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{},"_meta":{"progressToken":"p"}}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{},"_meta":{"progressToken":{}}}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","task":{"ttl":1000}}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","extra":1}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"__proto__":{"polluted":true}}}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","__proto__":{"arguments":{"x":1}}}}',
  // refused
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":7}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"arguments":{}}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":[1,2]}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":null}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":"x"}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":[]}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":null}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call"}',
];

describe("callParamsOf", () => {
  test.each(BODIES)("when a client posts %s, then the call is taken or refused as CallToolRequestSchema decides, with the same name and arguments", (text) => {
    const body = JSON.parse(text) as object;
    const parsed = CallToolRequestSchema.safeParse(body);
    const ours = callParamsOf(body);
    if (!parsed.success) {
      expect(ours).toBeUndefined();
      return;
    }
    expect(ours).toEqual({ name: parsed.data.params.name, arguments: parsed.data.params.arguments ?? {} });
    expect(Object.getPrototypeOf(ours!.arguments)).toBe(Object.prototype);
  });
});
