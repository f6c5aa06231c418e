import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport, StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";

/** Where the bridge's node is and how to reach it. */
export interface NodeSessionOptions {
  endpoint: URL;
  headers: Record<string, string>;
  connectTimeoutMs?: number;
  /** Called when the node says its tool list changed. */
  onToolsChanged?: () => void;
}

/**
 * The bridge's MCP session with a node's /mcp that survives the node: when the node restarted
 * or let the session idle out (HTTP 404 on the session) or cannot be reached, the next request
 * opens a new session and is sent once more. Repeating is safe: a 404 or a refused connection
 * means the node never ran the request.
 */
export class NodeSession {
  private client: Client | undefined;
  private opening: Promise<Client> | undefined;

  constructor(private readonly options: NodeSessionOptions) {}

  /** Opens the first session (so start-up fails loudly when the node cannot be reached). */
  async open(): Promise<Client> {
    if (this.client) return this.client;
    this.opening ??= this.connect().finally(() => (this.opening = undefined));
    return this.opening;
  }

  /** Runs `fn` on the session; a session the node forgot is replaced and `fn` runs once more. */
  async run<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    const client = await this.open();
    try {
      return await fn(client);
    } catch (err) {
      if (!isLostSession(err)) throw err;
      if (this.client === client) this.client = undefined;
      await client.close().catch(() => undefined);
      return fn(await this.open());
    }
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.close().catch(() => undefined);
  }

  private async connect(): Promise<Client> {
    const client = new Client({ name: "mcpfed-connect", version: "0.1.0" });
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => this.options.onToolsChanged?.());
    const transport = new StreamableHTTPClientTransport(this.options.endpoint, { requestInit: { headers: this.options.headers } });
    await client.connect(transport, { timeout: this.options.connectTimeoutMs ?? 15_000 });
    this.client = client;
    return client;
  }
}

/** The node forgot the session (404) or could not be reached at all (the request never ran). */
function isLostSession(err: unknown): boolean {
  if (err instanceof StreamableHTTPError) return err.code === 404;
  const code = (err as { cause?: { code?: string } } | undefined)?.cause?.code;
  return err instanceof TypeError && (code === "ECONNREFUSED" || code === "ECONNRESET" || code === "UND_ERR_SOCKET");
}
