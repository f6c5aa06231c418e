import pino from "pino";
import { SchemaValidators } from "../../src/catalog/schema-validator";
import { ToolCatalog } from "../../src/catalog/tool-catalog";
import { HostedServers } from "../../src/hosting/hosted-servers";
import { createMemoryStores } from "../../src/store/memory/memory-stores";
import { startToolServer, type ToolServer } from "../support/tool-server";

const multiply = (description: string) => [{ name: "multiply", description, inputSchema: { type: "object", properties: {} } }];

/**
 * A registered remote "mathx" hosted on a replica whose leadership answer arrives after a
 * database round trip (here 50 ms) and says `leads`.
 */
async function withReplica(leads: boolean, body: (remote: ToolServer, servers: HostedServers, catalog: ToolCatalog) => Promise<void>): Promise<void> {
  const remote = await startToolServer(multiply("Multiplies two numbers."));
  const stores = createMemoryStores();
  const catalog = new ToolCatalog(stores.catalog, new SchemaValidators());
  const servers = new HostedServers({
    servers: {},
    catalog,
    logger: pino({ level: "silent" }),
    callTimeoutMs: 5_000,
    listsRegistered: () => new Promise((resolve) => setTimeout(() => resolve(leads), 50)),
  });
  try {
    await servers.add("mathx", { type: "streamable-http", url: remote.url, headers: {} }, { origin: "registered", listFirstHere: true });
    expect(catalog.get("mathx.multiply")?.entry.description).toBe("Multiplies two numbers.");
    await body(remote, servers, catalog);
  } finally {
    await servers.remove("mathx");
    await remote.close();
    await stores.close();
  }
}

/**
 * A re-list of a published remote is done once its listing is in the catalog. On replicas the
 * listing waits for the leadership question (a database round trip); a re-check that returned
 * before that answer left a changed (or quarantined) tool listed for a moment after it.
 */
describe("a published remote's re-list", () => {
  test("when the leader re-lists a remote whose tools changed, then the catalog holds the new listing as soon as the re-list resolves", async () => {
    await withReplica(true, async (remote, servers, catalog) => {
      remote.tools = multiply("Multiplies two numbers, faster.");
      expect(await servers.get("mathx")!.refreshTools()).toBe(true);
      expect(catalog.get("mathx.multiply")?.entry.description).toBe("Multiplies two numbers, faster.");
    });
  });

  test("when a replica that does not lead re-lists, then its catalog keeps the stored listing", async () => {
    await withReplica(false, async (remote, servers, catalog) => {
      remote.tools = multiply("Multiplies two numbers, faster.");
      expect(await servers.get("mathx")!.refreshTools()).toBe(true);
      await new Promise((r) => setTimeout(r, 100));
      expect(catalog.get("mathx.multiply")?.entry.description).toBe("Multiplies two numbers.");
    });
  });
});
