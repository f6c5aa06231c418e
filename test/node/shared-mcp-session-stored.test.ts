import pino from "pino";
import { SharedMcpSessions, SharedSessionRegistry } from "../../src/node/shared-mcp-sessions";
import { MemorySessionsStore } from "../../src/store/memory/memory-runtime-stores";
import type { SessionRecord } from "../../src/store/ports";

/** The memory store, with its writes held until released: a slow database. */
class HeldStore extends MemorySessionsStore {
  private release: (() => void) | undefined;
  readonly held = new Promise<void>((resolve) => (this.release = resolve));
  override async put(session: SessionRecord): Promise<void> {
    await this.held;
    return super.put(session);
  }
  open(): void {
    this.release?.();
  }
}

const options = { maxSessions: 10, maxPerToken: 10, idleTimeoutMs: 60_000 };
const closable = { close: async () => undefined };

describe("a session opened on one replica", () => {
  // the initialize answer waits for add(): the client's next request may reach another replica,
  // which finds the session only in the shared store (a race seen with two replicas behind nginx)
  test("is added only once the shared store has it", async () => {
    const store = new HeldStore();
    const registry = new SharedSessionRegistry(options, new SharedMcpSessions(store, 60_000, pino({ level: "silent" })));
    let added = false;
    const adding = Promise.resolve(registry.add("mcp/s1", "token-a", closable)).then(() => (added = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(added).toBe(false);
    expect(await store.get("mcp/s1")).toBeUndefined();
    store.open();
    await adding;
    expect(added).toBe(true);
    expect((await store.get("mcp/s1"))?.owner).toBe("token-a");
    await registry.closeAll();
  });

  test("a store that fails is logged, and the session still works on this replica", async () => {
    const store = new MemorySessionsStore();
    store.put = async () => {
      throw new Error("database gone");
    };
    const registry = new SharedSessionRegistry(options, new SharedMcpSessions(store, 60_000, pino({ level: "silent" })));
    await expect(Promise.resolve(registry.add("mcp/s2", "token-a", closable))).resolves.toBeUndefined();
    expect(registry.get("mcp/s2", "token-a")).toBe(closable);
    await registry.closeAll();
  });
});
