import { spawn, type ChildProcess } from "node:child_process";
import { serializeMessage } from "@modelcontextprotocol/sdk/shared/stdio.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { parseJsonRpcLine } from "./json-rpc-line";

/** What receives the child's messages for the node's own calls (see lean-stdio-call.ts). */
export interface DirectReceiver {
  /** True when the message was for it (then the SDK client does not see it). */
  take(message: JSONRPCMessage): boolean;
  /** The connection closed. */
  closed(): void;
}

/** The sender of a message written with `write`: nobody waits for it. */
const UNAWAITED = { resolve: () => undefined, reject: () => undefined };

export interface BoundedStdioOptions {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  /** Longest line accepted from the server's stdout (default 8 MiB). */
  maxLineBytes?: number;
  /** Lines that are not JSON-RPC, in a row, before the server is considered broken (default 1000). */
  maxInvalidLines?: number;
  onStderr?: (text: string) => void;
}

/**
 * MCP over a child's stdio, like the SDK's StdioClientTransport, with bounds the node needs
 * against servers it does not control: a line longer than `maxLineBytes` or a run of
 * `maxInvalidLines` non-JSON lines (a server flooding stdout) kills the child, which the
 * hosting layer then restarts with backoff. Memory stays bounded whatever the child writes.
 */
export class BoundedStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private child: ChildProcess | undefined;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private invalidRun = 0;
  private closed = false;
  /** Serialized messages waiting for this turn's write, and their senders. */
  private outgoing: string[] = [];
  private sent: { resolve: () => void; reject: (err: Error) => void }[] = [];
  private writeCount = 0;
  /** Ids of our requests the child has not answered yet: while there are some, writes are coalesced. */
  private readonly outstanding = new Set<string | number>();
  /** Takes the answers and progress of the node's own lean calls before the SDK client sees them. */
  private direct: DirectReceiver | undefined;

  constructor(private readonly options: BoundedStdioOptions) {}

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.options.command, this.options.args, {
        env: this.options.env,
        cwd: this.options.cwd,
        stdio: ["pipe", "pipe", "pipe"],
        shell: false,
        windowsHide: true,
      });
      this.child = child;
      child.on("error", (err) => {
        reject(err);
        this.onerror?.(err);
        this.finish();
      });
      child.on("spawn", () => resolve());
      child.on("close", () => this.finish());
      child.stdin?.on("error", (err) => this.onerror?.(err));
      child.stdout?.on("data", (chunk: Buffer) => this.onData(chunk));
      child.stderr?.on("data", (chunk: Buffer) => this.options.onStderr?.(chunk.toString("utf8", 0, Math.min(chunk.length, 2000))));
    });
  }

  private onData(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      // most lines arrive whole in one chunk: decode them without copying
      let line: string;
      if (this.pending.length === 0) line = chunk.toString("utf8", start, nl);
      else {
        this.pending.push(chunk.subarray(start, nl));
        line = Buffer.concat(this.pending).toString("utf8");
        this.pending = [];
      }
      if (line.endsWith("\r")) line = line.slice(0, -1);
      this.pendingBytes = 0;
      start = nl + 1;
      this.onLine(line);
      if (this.closed) return;
    }
    if (start < chunk.length) {
      this.pending.push(chunk.subarray(start));
      this.pendingBytes += chunk.length - start;
      if (this.pendingBytes > (this.options.maxLineBytes ?? 8 * 1024 * 1024)) {
        this.fail(new Error(`server wrote a line longer than ${this.options.maxLineBytes ?? 8 * 1024 * 1024} bytes; stopped`));
      }
    }
  }

  private onLine(line: string): void {
    if (line.trim() === "") return;
    let message: JSONRPCMessage;
    try {
      message = parseJsonRpcLine(line);
    } catch (err) {
      if (++this.invalidRun >= (this.options.maxInvalidLines ?? 1000)) {
        this.fail(new Error(`server wrote ${this.invalidRun} lines that are not JSON-RPC in a row; stopped`));
      } else if (this.invalidRun === 1) {
        this.onerror?.(err as Error);
      }
      return;
    }
    this.invalidRun = 0;
    if (!("method" in message) && "id" in message && message.id !== undefined && message.id !== null) this.outstanding.delete(message.id);
    if (this.direct?.take(message)) return;
    this.onmessage?.(message);
  }

  private fail(err: Error): void {
    this.onerror?.(err);
    void this.close();
  }

  /**
   * Writes the message to the child. When the child has no request of ours outstanding and
   * nothing is queued (one caller), the message is written at once: the child is idle, and waiting
   * for the check phase would only hold it back while this turn's JS finishes. Otherwise the
   * message is queued and every message sent during this turn of the event loop goes in one write,
   * after the turn's I/O callbacks (setImmediate): each write to a pipe wakes the child and costs a
   * syscall (~30–40 µs of the node's CPU per call under load, more than any JS on the path), so
   * with many callers several calls share one. Order is kept either way: a message is written at
   * once only when the queue is empty.
   */
  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.child?.stdin || this.closed) {
        reject(new Error("not connected"));
        return;
      }
      this.enqueue(message, { resolve, reject });
    });
  }

  /**
   * `send` without a promise, for the node's own calls, which learn of a lost connection from
   * `DirectReceiver.closed`; throws when not connected.
   */
  write(message: JSONRPCMessage): void {
    if (!this.child?.stdin || this.closed) throw new Error("not connected");
    this.enqueue(message, UNAWAITED);
  }

  /** Whether the connection has closed (the child exited or close was called). */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Sets the receiver of the node's own calls' messages (one per transport). */
  setDirectReceiver(receiver: DirectReceiver): void {
    this.direct = receiver;
  }

  private enqueue(message: JSONRPCMessage, sender: { resolve: () => void; reject: (err: Error) => void }): void {
    const idle = this.outgoing.length === 0 && this.outstanding.size === 0;
    this.track(message);
    this.outgoing.push(serializeMessage(message));
    this.sent.push(sender);
    if (idle) this.flushOutgoing();
    else if (this.outgoing.length === 1) setImmediate(this.flushOutgoing);
  }

  /** Requests sent to the child and not yet answered or cancelled (by id). */
  private track(message: JSONRPCMessage): void {
    if ("method" in message) {
      if ("id" in message) this.outstanding.add(message.id);
      else if (message.method === "notifications/cancelled") this.outstanding.delete((message.params as { requestId?: string | number } | undefined)?.requestId ?? "");
    }
  }

  /** Writes made to the child's stdin so far (each carries every message of one turn). */
  get writes(): number {
    return this.writeCount;
  }

  private readonly flushOutgoing = (): void => {
    if (this.outgoing.length === 0) return;
    const text = this.outgoing.length === 1 ? this.outgoing[0] : this.outgoing.join("");
    const sent = this.sent;
    this.outgoing = [];
    this.sent = [];
    const stdin = this.child?.stdin;
    if (!stdin || this.closed) {
      for (const s of sent) s.reject(new Error("not connected"));
      return;
    }
    const done = () => {
      for (const s of sent) s.resolve();
    };
    this.writeCount += 1;
    if (stdin.write(text)) done();
    else stdin.once("drain", done);
  };

  async close(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.stdin?.end();
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
      timer.unref();
      child.once("close", () => clearTimeout(timer));
    }
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = [];
    this.outstanding.clear();
    this.onclose?.();
    // after the SDK client's close handling, as its own calls fail after it
    this.direct?.closed();
  }
}
