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

  test("when many calls start in the same turn, then they share one write and each gets its own answer", async () => {
    const before = transport.writes;
    const calls = Array.from({ length: 40 }, (_, i) => client.callTool({ name: "add", arguments: { a: i, b: 1000 } }));
    const results = await Promise.all(calls);
    expect(results.map((r) => (r.content as { text: string }[])[0].text)).toEqual(Array.from({ length: 40 }, (_, i) => String(i + 1000)));
    expect(transport.writes - before).toBe(1);
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
    const sending = transport.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    await transport.close();
    await expect(sending).rejects.toThrow("not connected");
    await expect(transport.send({ jsonrpc: "2.0", method: "notifications/initialized" })).rejects.toThrow("not connected");
  });
});
