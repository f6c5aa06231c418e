import { TokenVerifier, sha256Hex } from "../../src/auth/tokens";
import { VerifiedTokenCache, fnv1a } from "../../src/auth/verified-token-cache";

const ENTRIES = [
  { id: "a", sha256: sha256Hex("alpha-token-0123456789"), scopes: ["discover" as const] },
  { id: "b", sha256: sha256Hex("beta-token-0123456789"), scopes: ["execute" as const, "admin" as const] },
];

/** What the verifier answers, as plain data (the principal's id and scopes, or null). */
function answer(v: TokenVerifier, token: string): { id: string; scopes: string[] } | null {
  const p = v.verify(token);
  return p ? { id: p.id, scopes: [...p.scopes] } : null;
}

describe("verified-token cache", () => {
  test("when the same tokens are presented again and again, then the cached verifier answers exactly as one that hashes every time", () => {
    const corpus = [
      "alpha-token-0123456789",
      "beta-token-0123456789",
      "alpha-token-0123456788",
      "alpha-token-012345678",
      "alpha-token-01234567890",
      "Alpha-token-0123456789",
      "",
      "beta-token-0123456789\u0000",
      "bëta-token-0123456789",
    ];
    const cached = new TokenVerifier(ENTRIES);
    for (let round = 0; round < 3; round++) {
      for (const token of corpus) {
        // a fresh verifier has nothing cached: it takes the general path
        expect(answer(cached, token)).toEqual(answer(new TokenVerifier(ENTRIES), token));
      }
    }
  });

  test("when another token has the same fast hash as a cached one, then it is refused (the hit is compared in full)", () => {
    // every token collides: only the full comparison tells them apart
    const v = new TokenVerifier(ENTRIES, { cacheKey: () => 7 });
    expect(answer(v, "alpha-token-0123456789")?.id).toBe("a");
    expect(answer(v, "alpha-token-0123456788")).toBeNull();
    expect(answer(v, "alpha-token-012345678")).toBeNull();
    expect(answer(v, "beta-token-0123456789")?.id).toBe("b");
    expect(answer(v, "alpha-token-0123456789")?.id).toBe("a");
  });

  test("when the token set is replaced, then a token cached before no longer verifies", () => {
    const v = new TokenVerifier(ENTRIES);
    expect(answer(v, "beta-token-0123456789")?.id).toBe("b");
    v.replace([ENTRIES[0]]);
    expect(answer(v, "beta-token-0123456789")).toBeNull();
    expect(answer(v, "alpha-token-0123456789")?.id).toBe("a");
  });

  test("when a wrong token is presented, then nothing is cached; when the cache is full, then it starts over", () => {
    const cache = new VerifiedTokenCache<string>(2);
    const v = new TokenVerifier(ENTRIES);
    for (let i = 0; i < 50; i++) expect(v.verify(`wrong-${i}`)).toBeUndefined();
    cache.set("one", "1");
    cache.set("two", "2");
    expect(cache.get("one")).toBe("1");
    cache.set("three", "3");
    expect(cache.size).toBe(1);
    expect(cache.get("one")).toBeUndefined();
    expect(cache.get("three")).toBe("3");
  });

  test("when the fast hash is computed, then it is FNV-1a (32-bit)", () => {
    // reference values of FNV-1a 32: "" and "a"
    expect(fnv1a("")).toBe(0x811c9dc5);
    expect(fnv1a("a")).toBe(0xe40c292c);
  });
});
