import { z } from "zod";
import { resolveUrlTemplate, unsuppliedInputs } from "./server-json-inputs";

/** Submission names share the hosted-server rule, so `name.tool` always splits at the first dot. */
export const SUBMISSION_NAME = /^[a-z0-9][a-z0-9_-]{1,31}$/;
/** The official registry's server names: reverse-DNS namespace, a slash, a name (server.json). */
export const REGISTRY_NAME = /^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

function urlSchema(protocols: readonly string[]) {
  return z
    .string()
    .max(2048)
    .refine((s) => {
      try {
        return protocols.includes(new URL(s).protocol);
      } catch {
        return false;
      }
    }, `must be a URL with ${protocols.join(" or ")}`);
}

const RemoteSchema = z.object({ type: z.literal("streamable-http"), url: urlSchema(["http:", "https:"]) }).strict();

/** The official MCP registry's server.json fields we understand, mapped onto the manifest. */
const ServerJsonFields = {
  repository: z.object({ url: z.string(), source: z.string().optional() }).passthrough().optional(),
  remotes: z.array(z.object({ type: z.string(), url: z.string() }).passthrough()).optional(),
  $schema: z.string().optional(),
  title: z.string().optional(),
  websiteUrl: z.string().optional(),
  packages: z.array(z.object({ registryType: z.string().max(32) }).passthrough()).optional(),
  icons: z.array(z.unknown()).max(20).optional(),
  _meta: z.record(z.string(), z.unknown()).optional(),
};

/** An npm package a server.json offers: a valid npm name at an exact version (no ranges, no tags). */
const NpmPackageSchema = z
  .object({
    registryType: z.literal("npm"),
    identifier: z.string().max(214).regex(/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/),
    version: z.string().regex(SEMVER),
  })
  .passthrough();

/**
 * The node's server name for a registry name: the part after the slash, lowercased, other
 * characters as `-`, at most 32 (tool ids are `server.tool`, so no dots or slashes).
 */
export function localNameOf(registryName: string): string {
  const tail = registryName.slice(registryName.indexOf("/") + 1).toLowerCase().replace(/[^a-z0-9_-]/g, "-");
  const name = /^[a-z0-9]/.test(tail) ? tail : `s${tail}`;
  return name.length >= 2 ? name.slice(0, 32) : `${name}-server`;
}

/**
 * The submission manifest: the partners' shape `{name, description, version, source_repo}`,
 * optional `remote`, `tags`, `capabilities`, `license`, and server.json's `repository.url` and
 * `remotes[]`. `allowFileRepos` admits `file://` repositories (tests, air-gapped mirrors).
 */
export function manifestSchema(options: { allowFileRepos: boolean }) {
  const repo = urlSchema(options.allowFileRepos ? ["http:", "https:", "file:"] : ["http:", "https:"]);
  return z
    .object({
      name: z.string().max(200).refine((n) => SUBMISSION_NAME.test(n) || REGISTRY_NAME.test(n), "names match ^[a-z0-9][a-z0-9_-]{1,31}$, or a registry name such as io.github.acme/weather"),
      description: z.string().min(1).max(2000),
      version: z.string().regex(SEMVER, "a semantic version such as 1.2.3"),
      source_repo: repo.optional(),
      remote: RemoteSchema.optional(),
      tags: z.array(z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,31}$/)).max(20).default([]),
      capabilities: z.array(z.string().regex(/^[a-z0-9][a-z0-9_.:-]{0,63}$/)).max(20).default([]),
      license: z.string().max(64).optional(),
      ...ServerJsonFields,
    })
    .strict()
    .transform((m, ctx) => {
      const source_repo = m.source_repo ?? m.repository?.url;
      if (source_repo !== undefined && !repo.safeParse(source_repo).success) {
        ctx.addIssue({ code: "custom", path: ["repository", "url"], message: "must be an http(s) URL" });
      }
      const fromRemotes = m.remotes?.find((r) => r.type === "streamable-http");
      const remote = m.remote ?? (fromRemotes ? { type: "streamable-http" as const, url: resolveUrlTemplate(fromRemotes.url, fromRemotes.variables) } : undefined);
      const needs = (item: Record<string, unknown>, path: string) => {
        const missing = unsuppliedInputs(item);
        if (missing.length) ctx.addIssue({ code: "custom", path: [path], message: `it needs ${missing.join(", ")} from its user, which a federation node cannot supply` });
      };
      if (!m.remote && fromRemotes) needs(fromRemotes, "remotes");
      if (remote && !RemoteSchema.safeParse(remote).success) ctx.addIssue({ code: "custom", path: ["remotes"], message: "remote URLs must be http(s)" });
      const npm = remote ? undefined : m.packages?.find((p) => p.registryType === "npm");
      const pkg = npm ? NpmPackageSchema.safeParse(npm) : undefined;
      if (npm) needs(npm, "packages");
      if (pkg && !pkg.success) ctx.addIssue({ code: "custom", path: ["packages"], message: "an npm package needs an npm name as identifier and an exact version" });
      const unsupported = (m.packages ?? []).map((p) => p.registryType).filter((t) => t !== "npm");
      if (!source_repo && !remote && !npm && unsupported.length) {
        ctx.addIssue({ code: "custom", path: ["packages"], message: `packages (${[...new Set(unsupported)].join(", ")}) are not hosted by this node: give remotes[] or repository.url` });
      } else if (!source_repo && !remote && !npm) ctx.addIssue({ code: "custom", path: ["source_repo"], message: "give source_repo (or repository.url) or a remote" });
      const registryName = REGISTRY_NAME.test(m.name) ? m.name : undefined;
      return {
        name: registryName ? localNameOf(registryName) : m.name,
        ...(registryName ? { registryName } : {}),
        ...(pkg?.success ? { package: { registryType: "npm" as const, identifier: pkg.data.identifier, version: pkg.data.version } } : {}),
        ...(m.title ? { title: m.title } : {}),
        ...(m.websiteUrl ? { websiteUrl: m.websiteUrl } : {}),
        description: m.description,
        version: m.version,
        source_repo,
        remote,
        tags: m.tags,
        capabilities: m.capabilities,
        license: m.license,
      };
    });
}

export type Manifest = z.output<ReturnType<typeof manifestSchema>>;
