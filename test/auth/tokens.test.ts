import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { TokenVerifier, sha256Hex } from "../../src/auth/tokens";
import { createTokenInFile, readTokensFile } from "../../src/auth/tokens-file";
import { tempDir } from "../support/test-node";

describe("tokens", () => {
  test("when a token is verified, then only its exact value matches and scopes come along", () => {
    const v = new TokenVerifier([
      { id: "a", sha256: sha256Hex("alpha-token"), scopes: ["discover"] },
      { id: "b", sha256: sha256Hex("beta-token"), scopes: ["execute", "admin"] },
    ]);
    expect(v.verify("alpha-token")?.id).toBe("a");
    expect([...(v.verify("beta-token")?.scopes ?? [])]).toEqual(["execute", "admin"]);
    expect(v.verify("alpha-token ")).toBeUndefined();
    expect(v.verify("")).toBeUndefined();
  });

  test("when a token is created in a file, then only its hash is stored and it verifies", () => {
    const { dir, cleanup } = tempDir();
    const path = join(dir, "sub", "tokens.json");
    const token = createTokenInFile(path, "org-a", ["discover", "execute"]);
    const text = readFileSync(path, "utf8");
    expect(text).not.toContain(token);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const entries = readTokensFile(path);
    expect(entries).toEqual([{ id: "org-a", sha256: sha256Hex(token), scopes: ["discover", "execute"] }]);
    // a new token for the same id replaces the old one
    const second = createTokenInFile(path, "org-a", ["discover"]);
    const v = new TokenVerifier(readTokensFile(path));
    expect(v.verify(token)).toBeUndefined();
    expect(v.verify(second)?.id).toBe("org-a");
    cleanup();
  });
});
