import pino from "pino";
import { SchemaValidators } from "../../src/catalog/schema-validator";
import { ToolCatalog } from "../../src/catalog/tool-catalog";
import { HostedServers } from "../../src/hosting/hosted-servers";
import { createMemoryStores } from "../../src/store/memory/memory-stores";
import { startToolServer } from "../support/tool-server";

const multiply = (description: string) => [{ name: "multiply", description, inputSchema: { type: "object", properties: {} } }];

/**
 * A re-list of a published remote is done once its listing is in the catalog. On replicas the
 * listing waits for the leadership question (a database round trip); a re-check that returned
 * before that answer left a changed (or quarantined) tool listed for a moment after it.
 */
describe("a published remote's re-list", () => {
  test("when the leader re-lists a remote whose tools changed, then the catalog holds the new listing as soon as the re-list resolves", async () => {
    const remote = await startToolServer(multiply("Multiplies two numbers."));
    const stores = createMemoryStores();
    const catalog = new ToolCatalog(stores.catalog, new SchemaValidators());
    // the leadership answer arrives after a database round trip, here 50 ms
    const servers = new HostedServers({
      servers: {},
      catalog,
      logger: pino({ level: "silent" }),
      callTimeoutMs: 5_000,
      listsRegistered: () => new Promise((resolve) => setTimeout(() => resolve(true), 50)),
    });
    try {
      await servers.add("mathx", { type: "streamable-http", url: remote.url, headers: {} }, { origin: "registered", listFirstHere: true });
      expect(catalog.get("mathx.multiply")?.entry.description).toBe("Multiplies two numbers.");
      remote.tools = multiply("Multiplies two numbers, faster.");
      expect(await servers.get("mathx")!.refreshTools()).toBe(true);
      expect(catalog.get("mathx.multiply")?.entry.description).toBe("Multiplies two numbers, faster.");
    } finally {
      await servers.remove("mathx");
      await remote.close();
      await stores.close();
    }
  });

  test("when a replica that does not lead re-lists, then its catalog keeps the stored listing", async () => {
    const remote = await startToolServer(multiply("Multiplies two numbers."));
    const stores = createMemoryStores();
    const catalog = new ToolCatalog(stores.catalog, new SchemaValidators());
    const servers = new HostedServers({
      servers: {},
      catalog,
      logger: pino({ level: "silent" }),
      callTimeoutMs: 5_000,
      listsRegistered: () => new Promise((resolve) => setTimeout(() => resolve(false), 50)),
    });
    try {
      await servers.add("mathx", { type: "streamable-http", url: remote.url, headers: {} }, { origin: "registered", listFirstHere: true });
      remote.tools = multiply("Multiplies two numbers, faster.");
      expect(await servers.get("mathx")!.refreshTools()).toBe(true);
      await new Promise((r) => setTimeout(r, 100));
      expect(catalog.get("mathx.multiply")?.entry.description).toBe("Multiplies two numbers.");
    } finally {
      await servers.remove("mathx");
      await remote.close();
      await stores.close();
    }
  });
});
