import { hash, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import type { ServerOptions as HttpsOptions } from "node:https";
import { TLSSocket } from "node:tls";
import type { Principal } from "../auth/tokens";
import type { PartnerConfig } from "../config/config-schema";

/** `node.tls` as read from the config (paths to PEM files). */
export interface TlsConfig {
  cert: string;
  key: string;
  ca?: string;
  requestClientCert: boolean;
}

/**
 * HTTPS options from `node.tls`. A client certificate is asked for but not required
 * (`rejectUnauthorized: false`): bearer-token clients keep working, and a certificate only
 * counts when it chained to `ca` (the socket is `authorized`) — see `clientCertPrincipal`.
 */
export function readTlsOptions(tls: TlsConfig): HttpsOptions {
  return {
    cert: readFileSync(tls.cert),
    key: readFileSync(tls.key),
    ...(tls.ca === undefined ? {} : { ca: readFileSync(tls.ca) }),
    requestCert: tls.requestClientCert,
    rejectUnauthorized: false,
    minVersion: "TLSv1.2",
  };
}

const normalizeFingerprint = (f: string) => f.replace(/:/g, "").toLowerCase();
/** "CN=a, O=B" and Node's "CN=a\nO=B" name the same subject. */
const normalizeSubject = (s: string) => s.split(/\s*[\n,]\s*/).filter(Boolean).join("\n");

/**
 * Maps a verified client certificate to a partner's principal: by the SHA-256 fingerprint of the
 * certificate's DER, or by its subject. A certificate that did not verify against the CA never
 * maps, whatever its fingerprint or subject say.
 */
export function clientCertPrincipal(partners: readonly PartnerConfig[]): (socket: unknown) => Principal | undefined {
  const byCert = partners.filter((p) => p.certFingerprint !== undefined || p.subject !== undefined);
  return (socket) => {
    if (byCert.length === 0 || !(socket instanceof TLSSocket) || !socket.authorized) return undefined;
    const peer = socket.getPeerCertificate();
    if (!peer?.raw) return undefined;
    const fingerprint = hash("sha256", peer.raw, "hex");
    const subject = normalizeSubject(new X509Certificate(peer.raw).subject);
    const partner = byCert.find((p) =>
      p.certFingerprint !== undefined ? normalizeFingerprint(p.certFingerprint) === fingerprint : normalizeSubject(p.subject ?? "") === subject,
    );
    return partner ? { id: partner.id, scopes: new Set(partner.scopes) } : undefined;
  };
}
