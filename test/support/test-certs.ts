import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

function openssl(dir: string, args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: "pipe", timeout: 20_000 });
}

/** A key and a certificate signed by `ca` (or self-signed), made with openssl in `dir`. */
function issue(dir: string, name: string, subject: string, ca: { cert: string; key: string } | undefined, ext: string): { cert: string; key: string } {
  openssl(dir, ["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subject]);
  writeFileSync(join(dir, `${name}.ext`), ext);
  const signer = ca ? ["-CA", ca.cert, "-CAkey", ca.key, "-CAcreateserial"] : ["-signkey", `${name}.key`];
  openssl(dir, ["x509", "-req", "-in", `${name}.csr`, ...signer, "-days", "2", "-out", `${name}.crt`, "-extfile", `${name}.ext`]);
  return { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
}

export interface TestCerts {
  ca: { cert: string; key: string };
  server: { cert: string; key: string };
  client: { cert: string; key: string; fingerprint: string };
  /** Self-signed, with the same subject as `client`: must never be admitted. */
  rogue: { cert: string; key: string; fingerprint: string };
}

const fingerprintOf = (path: string) => new X509Certificate(readFileSync(path)).fingerprint256;

/** A CA, a server certificate for 127.0.0.1, a client certificate from the CA and a rogue one. */
export function makeTestCerts(dir: string): TestCerts {
  openssl(dir, ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=Test CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
  const ca = { cert: join(dir, "ca.crt"), key: join(dir, "ca.key") };
  const server = issue(dir, "server", "/CN=127.0.0.1", ca, "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
  const client = issue(dir, "client", "/CN=partner-a/O=Partner A", ca, "extendedKeyUsage=clientAuth\n");
  const rogue = issue(dir, "rogue", "/CN=partner-a/O=Partner A", undefined, "extendedKeyUsage=clientAuth\n");
  return { ca, server, client: { ...client, fingerprint: fingerprintOf(client.cert) }, rogue: { ...rogue, fingerprint: fingerprintOf(rogue.cert) } };
}
