import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment } from "@modelcontextprotocol/sdk/client/stdio.js";
import { BoundedStdioTransport } from "../../src/hosting/bounded-stdio-transport";
import { TEST_SERVER } from "../support/test-node";

describe("stdio writes of one turn", () => {
  let transport: BoundedStdioTransport;
  let client: Client;
  beforeEach(async () => {
    transport = new BoundedStdioTransport({ command: process.execPath, args: [TEST_SERVER], env: getDefaultEnvironment() });
    client = new Client({ name: "coalesce-test", version: "1" });
    await client.connect(transport);
  });
  afterEach(async () => {
    await client.close();
  });

  test("when many calls start in the same turn, then the first is written at once, the rest share one write, and each gets its own answer", async () => {
    const before = transport.writes;
    const calls = Array.from({ length: 40 }, (_, i) => client.callTool({ name: "add", arguments: { a: i, b: 1000 } }));
    // the child was idle: the first call went out before the others were even sent
    expect(transport.writes - before).toBe(1);
    const results = await Promise.all(calls);
    expect(results.map((r) => (r.content as { text: string }[])[0].text)).toEqual(Array.from({ length: 40 }, (_, i) => String(i + 1000)));
    expect(transport.writes - before).toBe(2);
  });

  test("when a call is outstanding, then a new one waits for the turn's write; when none is, it is written at once", async () => {
    const first = client.callTool({ name: "add", arguments: { a: 1, b: 1 } });
    const afterFirst = transport.writes;
    const second = client.callTool({ name: "add", arguments: { a: 2, b: 2 } });
    // the second is queued behind the first one's answer turn, not written yet
    expect(transport.writes).toBe(afterFirst);
    await new Promise((r) => setImmediate(r));
    expect(transport.writes).toBe(afterFirst + 1);
    await Promise.all([first, second]);
    // both answered: nothing outstanding, the next call goes out synchronously
    const before = transport.writes;
    const third = client.callTool({ name: "add", arguments: { a: 3, b: 3 } });
    expect(transport.writes).toBe(before + 1);
    expect(((await third).content as { text: string }[])[0].text).toBe("6");
  });

  test("when a call is cancelled, then it no longer counts as outstanding", async () => {
    const controller = new AbortController();
    const slow = client.callTool({ name: "sleep", arguments: { ms: 5000 } }, undefined, { signal: controller.signal });
    controller.abort();
    await expect(slow).rejects.toThrow();
    await new Promise((r) => setImmediate(r));
    const before = transport.writes;
    const next = client.callTool({ name: "add", arguments: { a: 4, b: 4 } });
    expect(transport.writes).toBe(before + 1);
    expect(((await next).content as { text: string }[])[0].text).toBe("8");
  });

  test("when calls follow one another, then each is written at once and answered", async () => {
    const before = transport.writes;
    for (let i = 0; i < 5; i++) {
      const r = await client.callTool({ name: "add", arguments: { a: i, b: 1 } });
      expect((r.content as { text: string }[])[0].text).toBe(String(i + 1));
    }
    expect(transport.writes - before).toBe(5);
  });

  test("when the transport closes with messages queued, then their sends are refused", async () => {
    // a request outstanding: the next message is queued for the turn's write instead of written at once
    void transport.send({ jsonrpc: "2.0", id: 9001, method: "ping" });
    const sending = transport.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    await transport.close();
    await expect(sending).rejects.toThrow("not connected");
    await expect(transport.send({ jsonrpc: "2.0", method: "notifications/initialized" })).rejects.toThrow("not connected");
  });
});
