import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { ValidationError } from "../errors";

const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) PRIVATE.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8], ["::ffff:0:0", 96]] as const) {
  PRIVATE.addSubnet(net, prefix, "ipv6");
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 6 && address.toLowerCase().startsWith("::ffff:")) {
    const v4 = address.slice(7);
    if (isIP(v4) === 4) return PRIVATE.check(v4, "ipv4");
  }
  return PRIVATE.check(address, family === 4 ? "ipv4" : "ipv6");
}

/**
 * Refuses a remote URL whose host is, or resolves to, a loopback, private, link-local or
 * otherwise internal address (SSRF), unless `allowPrivate`.
 */
export async function assertPublicUrl(url: string, allowPrivate: boolean, timeoutMs = 5000): Promise<void> {
  if (allowPrivate) return;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      const res = await Promise.race([
        lookup(host, { all: true }),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error("DNS lookup timed out")), timeoutMs).unref()),
      ]);
      addresses = res.map((a) => a.address);
    } catch (err) {
      throw new ValidationError(`the remote host ${host} does not resolve: ${(err as Error).message}`, {
        errors: [{ path: "body.remote.url", message: "host does not resolve" }],
      });
    }
  }
  const internal = addresses.find(isPrivateAddress);
  if (internal) {
    throw new ValidationError(`the remote ${host} resolves to an internal address (${internal}); refused`, {
      errors: [{ path: "body.remote.url", message: "loopback and private addresses are refused" }],
    });
  }
}
