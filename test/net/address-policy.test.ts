import { assertPublicUrl } from "../../src/governance/ssrf";
import { internalRange, isInternalAddress } from "../../src/net/address-policy";
import { BlockedAddressError, OutboundGuard } from "../../src/net/outbound-guard";

describe("internalRange", () => {
  test.each([
    ["127.0.0.1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "linkLocal"],
    ["169.254.0.1", "linkLocal"],
    ["100.64.0.1", "carrierGradeNat"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["198.18.0.1", "reserved"],
    ["240.0.0.1", "reserved"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fe80::1", "linkLocal"],
    ["fc00::1", "uniqueLocal"],
    ["fd12:3456::1", "uniqueLocal"],
    ["ff02::1", "multicast"],
    ["fec0::1", "siteLocal"],
    ["::7f00:1", "ipv4Compatible"],
    ["::a9fe:a9fe", "ipv4Compatible"],
    ["::ffff:127.0.0.1", "ipv4Mapped:loopback"],
    ["::ffff:a9fe:a9fe", "ipv4Mapped:linkLocal"],
    ["64:ff9b::7f00:1", "rfc6052:loopback"],
    ["64:ff9b::a00:1", "rfc6052:private"],
    ["64:ff9b:1::1", "nat64Local"],
    ["2002:7f00:1::", "6to4:loopback"],
    ["2002:c0a8:101::1", "6to4:private"],
    ["[::1]", "loopback"],
    ["fe80::1%eth0", "linkLocal"],
    ["example.com", "not-an-address"],
  ])("when the address is %s, then it is internal (%s)", (address, range) => {
    expect(internalRange(address)).toBe(range);
    expect(isInternalAddress(address)).toBe(true);
  });

  test.each(["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"])(
    "when the address %s is public, then it is not internal",
    (address) => expect(internalRange(address)).toBeUndefined(),
  );
});

describe("assertPublicUrl", () => {
  const guard = new OutboundGuard({ allowPrivate: false });

  test.each([
    "http://127.1/", "http://2130706433/", "http://0x7f000001/", "http://0177.0.0.1/", "http://127.0.0.1:8080/mcp",
    "http://[::1]/", "http://localhost/", "http://LOCALHOST./", "http://[::7f00:1]/", "http://[::a9fe:a9fe]/",
    "http://[fec0::1]/", "http://[64:ff9b::7f00:1]/", "http://[2002:7f00:1::]/", "http://[::ffff:7f00:1]/",
    "http://169.254.169.254/latest/meta-data/", "http://0/", "http://10.0.0.1/", "http://[fd00::1]/",
  ])("when the URL is %s, then it is refused with a 400 naming no upstream text", async (url) => {
    const err = await assertPublicUrl(url, guard).then(() => undefined, (e: unknown) => e);
    expect(err).toMatchObject({ status: 400, message: expect.stringMatching(/internal address; refused/) });
  });

  test("when private remotes are allowed, then internal URLs pass", async () => {
    await expect(assertPublicUrl("http://127.0.0.1/", new OutboundGuard({ allowPrivate: true }))).resolves.toBeUndefined();
  });

  test.each([
    [["93.184.216.34", "127.0.0.1"]],
    [["127.0.0.1", "93.184.216.34"]],
    [["2606:4700:4700::1111", "93.184.216.34", "::ffff:10.0.0.1"]],
  ])("when a name resolves to %j, then every answer is checked and the name is refused", async (answers) => {
    const g = new OutboundGuard({ allowPrivate: false, resolve: async () => answers });
    await expect(g.resolve("partner.example")).rejects.toBeInstanceOf(BlockedAddressError);
    await expect(assertPublicUrl("https://partner.example/mcp", g)).rejects.toMatchObject({ status: 400 });
  });

  test("when a name resolves to public addresses only, then it passes", async () => {
    const g = new OutboundGuard({ allowPrivate: false, resolve: async () => ["93.184.216.34", "2606:4700:4700::1111"] });
    await expect(g.resolve("partner.example")).resolves.toEqual(["93.184.216.34", "2606:4700:4700::1111"]);
  });
});
