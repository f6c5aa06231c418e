import { deserializeMessage } from "@modelcontextprotocol/sdk/shared/stdio.js";
import { parseJsonRpcLine } from "../../src/hosting/json-rpc-line";

/** The SDK's answer for a line: the parsed message, or that it throws. */
function sdk(line: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: deserializeMessage(line) };
  } catch {
    return { ok: false };
  }
}

function ours(line: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: parseJsonRpcLine(line) };
  } catch {
    return { ok: false };
  }
}

const LINES = [
  // results, the fast path
  '{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"hi"}]}}',
  '{"result":{},"jsonrpc":"2.0","id":"abc"}',
  '{"jsonrpc":"2.0","id":0,"result":{"isError":true,"content":[]}}',
  '{"jsonrpc":"2.0","id":-7,"result":{"structuredContent":{"a":[1,2,{"b":null}]}}}',
  // results the SDK refuses, which must not slip through the fast path
  '{"jsonrpc":"2.0","id":1.5,"result":{}}',
  '{"jsonrpc":"2.0","id":1152921504606846976,"result":{}}',
  '{"jsonrpc":"2.0","id":null,"result":{}}',
  '{"jsonrpc":"2.0","id":true,"result":{}}',
  '{"jsonrpc":"2.0","result":{}}',
  '{"jsonrpc":"1.0","id":1,"result":{}}',
  '{"jsonrpc":"2.0","id":1,"result":[]}',
  '{"jsonrpc":"2.0","id":1,"result":null}',
  '{"jsonrpc":"2.0","id":1,"result":"text"}',
  '{"jsonrpc":"2.0","id":1,"result":{},"extra":1}',
  '{"jsonrpc":"2.0","id":1,"result":{},"__proto__":{"x":1}}',
  '{"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":"m"}}',
  // _meta goes to the SDK's parser either way
  '{"jsonrpc":"2.0","id":1,"result":{"_meta":{"progressToken":"t"}}}',
  '{"jsonrpc":"2.0","id":1,"result":{"_meta":"not an object"}}',
  // everything else is the SDK's
  '{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"Method not found"}}',
  '{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"p","progress":1}}',
  '{"jsonrpc":"2.0","id":3,"method":"sampling/createMessage","params":{"messages":[],"maxTokens":10}}',
  '{"jsonrpc":"2.0","id":3,"method":7}',
  "[]",
  "null",
  "42",
  '"text"',
  "not json",
  "",
];

describe("parseJsonRpcLine", () => {
  test.each(LINES)("when a server writes %s, then the line is accepted or refused exactly as the SDK's deserializeMessage does, with the same message", (line) => {
    const expected = sdk(line);
    const actual = ours(line);
    expect(actual.ok).toBe(expected.ok);
    if (actual.ok && expected.ok) expect(actual.value).toEqual(expected.value);
  });
});
