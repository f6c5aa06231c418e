import type { ServerResponse } from "node:http";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { SERVED_BY_META } from "./fallback-runner";

/** REST header naming the tool that answered when a fallback did (absent when the requested tool did). */
export const SERVED_BY_HEADER = "X-Mcpfed-Served-By";

/** Sets `X-Mcpfed-Served-By` on a REST answer whose result a fallback served. */
export function servedByHeader(result: CallToolResult, res: ServerResponse): void {
  const id = result._meta?.[SERVED_BY_META];
  if (typeof id === "string" && !res.headersSent) res.setHeader(SERVED_BY_HEADER, id);
}
