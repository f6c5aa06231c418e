/**
 * The scan worker's entry: runs static stages (runStaticStage) for the pool on its own thread,
 * so a large or adversarial checkout never stalls the node's event loop.
 * in: {id, job: StaticStageJob}; out: {id, ok: true, output} or {id, ok: false, error}
 */
import { parentPort } from "node:worker_threads";
import { runStaticStage, type StaticStageJob } from "./scan-worker-stages";

parentPort?.on("message", (msg: { id: number; job: StaticStageJob }) => {
  runStaticStage(msg.job).then(
    (output) => parentPort!.postMessage({ id: msg.id, ok: true, output }),
    (err: unknown) => parentPort!.postMessage({ id: msg.id, ok: false, error: err instanceof Error ? err.message : `threw ${String(err)}` }),
  );
});
