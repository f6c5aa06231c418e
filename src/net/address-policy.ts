import ipaddr from "ipaddr.js";

/**
 * IPv6 blocks ipaddr.js names "unicast" that still reach internal hosts: IPv4-compatible
 * addresses (`::a.b.c.d`, deprecated but routed to the embedded IPv4 by some stacks),
 * site-local `fec0::/10` (deprecated, still routed inside sites) and NAT64 local-use
 * `64:ff9b:1::/48` (RFC 8215).
 */
const EXTRA_V6: [string, ipaddr.IPv6, number][] = [
  ["ipv4Compatible", ipaddr.IPv6.parse("::"), 96],
  ["siteLocal", ipaddr.IPv6.parse("fec0::"), 10],
  ["nat64Local", ipaddr.IPv6.parse("64:ff9b:1::"), 48],
];

/** The IPv4 address an IPv6 address carries, for the forms that route to it. */
function embeddedIPv4(v6: ipaddr.IPv6, range: string): ipaddr.IPv4 | undefined {
  const p = v6.parts;
  const fromWords = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  if (range === "ipv4Mapped" || range === "rfc6145" || range === "rfc6052") return fromWords(p[6], p[7]);
  if (range === "6to4") return fromWords(p[1], p[2]); // 2002:AABB:CCDD::/48
  if (range === "teredo") return fromWords(p[6] ^ 0xffff, p[7] ^ 0xffff); // the client's obfuscated address
  return undefined;
}

/**
 * Why an address must not be connected to from a public-facing fetch, or undefined when it is
 * an ordinary public unicast address. Every range ipaddr.js knows other than "unicast" counts
 * (loopback, private, linkLocal, uniqueLocal, unspecified, multicast, broadcast, reserved,
 * carrierGradeNat, benchmarking…); IPv6 forms that embed an IPv4 address (mapped, NAT64, 6to4,
 * Teredo) are judged by that address. A string that is not an IP address is refused too.
 */
export function internalRange(address: string): string | undefined {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (!ipaddr.isValid(bare)) return "not-an-address";
  const parsed = ipaddr.parse(bare);
  if (parsed.kind() === "ipv4") {
    const range = (parsed as ipaddr.IPv4).range();
    return range === "unicast" ? undefined : range;
  }
  const v6 = parsed as ipaddr.IPv6;
  const range = v6.range();
  const inner = embeddedIPv4(v6, range);
  if (inner) {
    const innerRange = inner.range();
    if (innerRange !== "unicast") return `${range}:${innerRange}`;
    // mapped and NAT64 addresses reach the public IPv4 they embed; the others are tunnels
    return range === "ipv4Mapped" || range === "rfc6052" || range === "6to4" ? undefined : range;
  }
  if (range !== "unicast") return range;
  return EXTRA_V6.find(([, net, bits]) => v6.match(net, bits))?.[0];
}

/** True for loopback, private, link-local and every other non-public address (see internalRange). */
export function isInternalAddress(address: string): boolean {
  return internalRange(address) !== undefined;
}
