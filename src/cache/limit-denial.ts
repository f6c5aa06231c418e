import { TooManyRequestsError } from "../errors";
import type { CallGate } from "./call-gate";

/**
 * The call-limit check of a `/mcp/<server>` pass-through session: the refusal message of a call
 * past a budget (as the policy's refusal is written), or undefined when the call may go.
 */
export function limitDenial(gate: Pick<CallGate, "checkLimits">, server: string, principal: string): (tool: string) => Promise<string | undefined> {
  return async (tool) => {
    try {
      await gate.checkLimits(`${server}.${tool}`, principal);
      return undefined;
    } catch (err) {
      if (err instanceof TooManyRequestsError) return `429 ${err.code}: ${err.message} (retry after ${err.headers["Retry-After"]} s)`;
      throw err;
    }
  };
}
