import type { IRouter } from "express";
import { z } from "zod";
import { toSarif } from "../../governance/sarif";
import { GovernanceRejectedError, type RegistrationService } from "../../governance/registration-service";
import { principalOf, requireScope } from "../auth";
import { handle } from "../handle";

const NameParams = z.object({ name: z.string().regex(/^[a-z0-9][a-z0-9_-]{1,31}$/, "a submission name") });

/** POST /register, GET /register/:name (JSON or SARIF), DELETE /register/:name. */
export function registerRouter(
  { registration, signReport }: { registration: RegistrationService; signReport?: (report: object) => Promise<object> },
  router: IRouter,
): void {
  router.post(
    "/register",
    requireScope("register"),
    handle({ body: z.unknown() }, async ({ body }, _req, res) => {
      const principal = principalOf(res);
      try {
        const { report, created } = await registration.submit(body, { id: principal.id, isAdmin: principal.scopes.has("admin") });
        // an identical re-registration by its owner is idempotent: 200 with the existing record
        res.status(created ? 201 : 200).json({ status: "registered", name: report.name, version: report.version, report });
      } catch (err) {
        if (!(err instanceof GovernanceRejectedError)) throw err;
        const { report } = err;
        res.status(422).json({ status: "rejected", name: report.name, version: report.version, reasons: report.reasons, findings: report.findings, report });
      }
    }),
  );
  router.get(
    "/register/:name",
    requireScope("register"),
    handle({ params: NameParams }, async ({ params }, req, res) => {
      const principal = principalOf(res);
      const report = await registration.latestReport(params.name, { id: principal.id, isAdmin: principal.scopes.has("admin") });
      if (req.accepts(["application/json", "application/sarif+json"]) === "application/sarif+json") {
        res.type("application/sarif+json").send(JSON.stringify(toSarif(report)));
        return;
      }
      // signed by the node (src/trust/signed-report.ts): partners can check the verdict is ours
      res.json(signReport ? await signReport(report) : report);
    }),
  );
  router.delete(
    "/register/:name",
    requireScope("register"),
    handle({ params: NameParams }, async ({ params }, _req, res) => {
      const principal = principalOf(res);
      await registration.unpublish(params.name, { id: principal.id, isAdmin: principal.scopes.has("admin") });
      res.status(204).end();
    }),
  );
}
