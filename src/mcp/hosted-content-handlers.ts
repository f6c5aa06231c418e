import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CompleteRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  McpError,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ReadResourceRequestSchema,
  type ReadResourceResult,
  type Resource,
} from "@modelcontextprotocol/sdk/types.js";
import type { HostedContent } from "./hosted-content";

export interface NodeResource {
  resource: Resource;
  read: () => ReadResourceResult;
}

/**
 * Serves the hosted servers' resources, templates and prompts (plus the node's own resources)
 * on an aggregated MCP server. `allow` throws when the caller may not discover. Subscriptions
 * need a `session` (a stateless request has nowhere to send the updates).
 */
export function registerHostedContent(server: Server, content: HostedContent | undefined, own: NodeResource[], allow: () => void, session = true): void {
  server.setRequestHandler(ListResourcesRequestSchema, async () => {
    allow();
    return { resources: [...own.map((r) => r.resource), ...(content ? await content.listResources() : [])] };
  });
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => {
    allow();
    return { resourceTemplates: content ? await content.listResourceTemplates() : [] };
  });
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    allow();
    const mine = own.find((r) => r.resource.uri === request.params.uri);
    if (mine) return mine.read();
    if (!content) throw new McpError(-32002, `resource not found: ${request.params.uri}`);
    return content.readResource(request.params.uri);
  });
  // prompts only where the server declares them (the whole federation, not tool sets)
  if (!content) return;
  server.setRequestHandler(ListPromptsRequestSchema, async () => {
    allow();
    return { prompts: await content.listPrompts() };
  });
  server.setRequestHandler(GetPromptRequestSchema, async (request) => {
    allow();
    return content.getPrompt(request.params.name, request.params.arguments);
  });
  server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    allow();
    if (!session) throw new McpError(ErrorCode.InvalidRequest, "resources/subscribe needs a session (initialize first)");
    await content.subscribe(server, request.params.uri);
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    allow();
    await content.unsubscribe(server, request.params.uri);
    return {};
  });
  server.setRequestHandler(CompleteRequestSchema, async (request) => {
    allow();
    return content.complete(request.params);
  });
}
