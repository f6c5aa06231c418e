import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, loadConfig } from "../../src/config/load-config";
import { tempDir } from "../support/test-node";

const SECRET = "config-test-secret-of-at-least-32-chars";

function configFile(content: unknown): { path: string; dir: string } {
  const { dir } = tempDir();
  const path = join(dir, "node.json");
  writeFileSync(path, JSON.stringify(content));
  return { path, dir };
}

describe("trust configuration", () => {
  test("when auth.jwt.secret is a ${VAR} reference, then the secret comes from the environment", () => {
    const { path } = configFile({ auth: { jwt: { secret: "${JWT_SECRET}" } } });
    expect(loadConfig({ config: path }, { JWT_SECRET: SECRET }).auth.jwt.secret).toBe(SECRET);
  });

  test("when auth.jwt.secretFile is set, then the secret is read from that file and the path is dropped", () => {
    const { path, dir } = configFile({});
    writeFileSync(join(dir, "jwt.secret"), `${SECRET}\n`);
    writeFileSync(path, JSON.stringify({ auth: { jwt: { secretFile: join(dir, "jwt.secret") } } }));
    const config = loadConfig({ config: path }, {});
    expect(config.auth.jwt.secret).toBe(SECRET);
    expect(config.auth.jwt).not.toHaveProperty("secretFile");
  });

  test.each([
    ["a clear secret in the file", { auth: { jwt: { secret: SECRET } } }, /auth\.jwt\.secret: not accepted in clear/],
    ["a short secret", { auth: { jwt: { secret: "${JWT_SECRET}" } } }, /at least 32 characters/],
    ["an issuer with both jwks and jwksUrl", { auth: { jwt: { issuers: [{ issuer: "i", audience: "a", jwksUrl: "https://i.example/jwks", jwks: { keys: [{ kty: "OKP" }] } }] } } }, /exactly one of jwksUrl or jwks/],
    ["a partner pinning a thumbprint without jwksUrl", { partners: [{ id: "p", key: "a".repeat(43), scopes: ["discover"] }] }, /needs jwksUrl/],
    ["a partner with no way to authenticate", { partners: [{ id: "p", scopes: ["discover"] }] }, /needs key, jwksUrl, certFingerprint or subject/],
    ["a partner JWK with a private part", { partners: [{ id: "p", key: { kty: "OKP", crv: "Ed25519", x: "a", d: "b" }, scopes: ["discover"] }] }, /a public key only/],
    ["an issuer JWKS with a symmetric key", { auth: { jwt: { issuers: [{ issuer: "i", audience: "a", jwks: { keys: [{ kty: "oct", k: "c2VjcmV0" }] } }] } } }, /a public key only/],
    ["a partner with an unknown scope", { partners: [{ id: "p", jwksUrl: "https://p.example/j", scopes: ["root"] }] }, /partners\.0\.scopes/],
    ["node.tls without a key", { node: { tls: { cert: "c.pem" } } }, /node\.tls\.key/],
  ])("when the config has %s, then loading fails with a clear message", (_label, content, message) => {
    const { path } = configFile(content);
    let error: unknown;
    try {
      loadConfig({ config: path }, { JWT_SECRET: "short" });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(SECRET);
  });
});
