import type { IRouter } from "express";
import { z } from "zod";
import type { MemberDirectory } from "../../directory/member-directory";
import { beatAsOwner } from "../../directory/member-heartbeats";
import type { HeartbeatMonitor } from "../../directory/heartbeat-monitor";
import { NotFoundError } from "../../errors";
import type { SubmissionsPort } from "../../store/ports";
import { principalOf, requireScope } from "../auth";
import { handle } from "../handle";

/** Printable ASCII without spaces: partners' tags need not follow this node's own rule. */
const Term = z.string().regex(/^[\x21-\x7e]{1,64}$/, "1-64 printable characters without spaces");
const NoQuery = z.object({}).strict();
const SearchQuery = z
  .object({ tag: Term.optional(), capability: Term.optional() })
  .strict()
  .refine((q) => q.tag !== undefined || q.capability !== undefined, { message: "give tag or capability (or both)" });
const IdParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}(@[A-Za-z0-9.:[\]-]{1,260})?$/, "a server name, or server@host for a partner's") });
const NameParams = z.object({ name: z.string().regex(/^[a-z0-9][a-z0-9_-]{1,31}$/, "a submission name") });

export interface DirectoryRouterDeps {
  directory: MemberDirectory;
  monitor: HeartbeatMonitor;
  submissions: Pick<SubmissionsPort, "published">;
}

/** GET /directory/servers[/:id], GET /directory/search (scope discover), POST /register/:name/heartbeat (owner). */
export function directoryRouter({ directory, monitor, submissions }: DirectoryRouterDeps, router: IRouter): void {
  router.get(
    "/directory/servers",
    requireScope("discover"),
    handle({ query: NoQuery }, async (_input, _req, res) => {
      res.setHeader("Cache-Control", "private, no-store");
      res.json({ servers: directory.list(principalOf(res).id) });
    }),
  );
  router.get(
    "/directory/servers/:id",
    requireScope("discover"),
    handle({ params: IdParams, query: NoQuery }, async ({ params }, _req, res) => {
      const record = directory.get(params.id, principalOf(res).id);
      // a server the caller may not see is as unknown as one that does not exist
      if (!record) throw new NotFoundError(`no server ${params.id} in the directory`);
      res.setHeader("Cache-Control", "private, no-store");
      res.json(record);
    }),
  );
  router.get(
    "/directory/search",
    requireScope("discover"),
    handle({ query: SearchQuery }, async ({ query }, _req, res) => {
      res.setHeader("Cache-Control", "private, no-store");
      res.json({ servers: directory.list(principalOf(res).id, query) });
    }),
  );
  router.post(
    "/register/:name/heartbeat",
    requireScope("register"),
    handle({ params: NameParams }, async ({ params }, _req, res) => {
      res.json(await beatAsOwner({ submissions, monitor }, params.name, principalOf(res).id));
    }),
  );
}
