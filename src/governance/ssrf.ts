import { ValidationError } from "../errors";
import { isInternalAddress } from "../net/address-policy";
import { BlockedAddressError, type OutboundGuard } from "../net/outbound-guard";

/** True for loopback, private, link-local and every other non-public address (see src/net). */
export const isPrivateAddress = isInternalAddress;

/**
 * Refuses a remote URL whose host is, or resolves to (any of its answers), a loopback,
 * private, link-local or otherwise internal address (SSRF), unless the guard allows private
 * addresses. This is the early, friendly check; the guard checks again when it connects.
 * The URL parser has already turned `127.1`, `2130706433`, `0x7f000001` and `0177.0.0.1`
 * into `127.0.0.1`. A host that does not resolve is the connection's problem, not this check's.
 */
export async function assertPublicUrl(url: string, guard: OutboundGuard, path = "body.remote.url"): Promise<void> {
  if (guard.allowPrivate) return;
  const host = new URL(url).hostname;
  try {
    await guard.resolve(host);
  } catch (err) {
    if (!(err instanceof BlockedAddressError)) return;
    throw new ValidationError(`the host ${host} is or resolves to an internal address; refused`, {
      errors: [{ path, message: "loopback and private addresses are refused" }],
    });
  }
}
