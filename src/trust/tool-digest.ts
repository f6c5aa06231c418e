import { z } from "zod";
import { AppError } from "../errors";
import { digestOf } from "./signed-catalog";

/** Request header with which a caller names the signed digest of the tool definition it expects. */
export const TOOL_DIGEST_HEADER = "x-mcpfed-tool-digest";

const DIGEST = /^[A-Za-z0-9_-]{43}$/;

/**
 * A publisher's governance verdict on one tool, as it travels inside its signed catalog:
 * `published` (passed this node's registration checks), `operator` (a server the operator
 * configured), `rejected`, or `unknown`. `reportDigest` ties a registered tool to the signed
 * report at GET /register/:name (SHA-256 of its RFC 8785 form, `signature` left out).
 */
export const ToolVerdictSchema = z.object({
  decision: z.string().regex(/^[a-z][a-z-]{0,31}$/),
  checkedAt: z.string().max(40).optional(),
  reportDigest: z.string().regex(DIGEST).optional(),
});
export type ToolVerdict = z.infer<typeof ToolVerdictSchema>;

/** A tool's definition is not the one whose digest the caller holds signed: the call is refused (409). */
export class ToolDefinitionChangedError extends AppError {
  readonly status = 409;
  readonly code = "tool-definition-changed";
}

/** A signed SHA-256 digest (base64url) of one tool definition. */
export const ToolDigestSchema = z.string().regex(DIGEST);

/** The members of a served entry that make up a tool's definition (what a rug pull would change). */
export interface ToolDefinitionFields {
  name: string;
  description: string;
  version: string;
  inputSchema: Record<string, unknown>;
  annotations?: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
}

/**
 * The digest of a tool's definition: SHA-256 of the RFC 8785 form of its name, description,
 * version, schemas and annotations, exactly as served to partners (so a partner recomputes it
 * from what it received). Tags, capabilities and the verdict are not part of the definition.
 */
export function toolDigest(t: ToolDefinitionFields): string {
  return digestOf({
    name: t.name,
    description: t.description,
    version: t.version,
    inputSchema: t.inputSchema,
    ...(t.annotations !== undefined ? { annotations: t.annotations } : {}),
    ...(t.outputSchema !== undefined ? { outputSchema: t.outputSchema } : {}),
  });
}

/** The digest of a governance report as GET /register/:name serves and signs it. */
export function reportDigest(report: object): string {
  const { signature: _ignored, ...rest } = JSON.parse(JSON.stringify(report)) as Record<string, unknown>;
  return digestOf(rest);
}

/** The published report of a registered server, reduced to what the verdict needs. */
export interface PublishedReport {
  decision: string;
  createdAt: string;
}

/** This node's verdict on one of its own catalog entries. */
export function verdictOf(entry: { server: string; origin: "hosted" | "registered" }, reports: ReadonlyMap<string, PublishedReport>): ToolVerdict {
  if (entry.origin === "hosted") return { decision: "operator" };
  const report = reports.get(entry.server);
  if (!report) return { decision: "unknown" };
  return { decision: report.decision, checkedAt: report.createdAt, reportDigest: reportDigest(report) };
}

/** What a partner shows of a remote tool's verdict: whether the publisher's signature covers it. */
export interface VerdictView {
  decision: string;
  verified: boolean;
  reason?: string;
}

/**
 * The verdict of a remote entry as this node can vouch for it: verified only when the entry came
 * in a catalog whose signature verified against the peer's trusted key (the verdict is inside
 * the signed array) and its definition matched its digest.
 */
export function verdictView(verdict: ToolVerdict | undefined, catalogVerified: boolean): VerdictView {
  if (!verdict) return NO_VERDICT;
  // the engine lists every remote entry on each ranking: one view per verdict object, not per listing
  const views = catalogVerified ? verifiedViews : unverifiedViews;
  let view = views.get(verdict);
  if (view === undefined) {
    view = Object.freeze(catalogVerified ? { decision: verdict.decision, verified: true } : { decision: verdict.decision, verified: false, reason: "the publisher's catalog is not signed" });
    views.set(verdict, view);
  }
  return view;
}

const NO_VERDICT: VerdictView = Object.freeze({ decision: "unknown", verified: false, reason: "the publisher sent no governance verdict" });
const verifiedViews = new WeakMap<ToolVerdict, VerdictView>();
const unverifiedViews = new WeakMap<ToolVerdict, VerdictView>();
