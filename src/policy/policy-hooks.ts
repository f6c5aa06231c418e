import type { Principal } from "../auth/tokens";
import { PolicyDeniedError, type PolicyTable } from "./policy";

/**
 * A pass-through endpoint's tool filter (`/mcp/<server>`, tool names without the server) with
 * the policy applied to the registry id `server.tool`.
 */
export function policyFiltered(allow: (tool: string) => boolean, server: string, principal: Principal, policy: PolicyTable | undefined): (tool: string) => boolean {
  if (!policy) return allow;
  return (tool) => allow(tool) && policy.allows(`${server}.${tool}`, principal.id);
}

/** The refusal message of a denied call (the denial is audited), or undefined when it is allowed. */
export function policyDenial(id: string, principal: Principal, policy: PolicyTable | undefined): string | undefined {
  try {
    policy?.assertCall(id, principal.id);
    return undefined;
  } catch (err) {
    if (err instanceof PolicyDeniedError) return `403 ${err.code}: ${err.message}`;
    throw err;
  }
}
