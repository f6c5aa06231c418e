/**
 * The scan worker's entry: runs scan jobs (runScanJob: static stages, description analysis) for the pool on its own thread,
 * so a large or adversarial checkout never stalls the node's event loop.
 * in: {id, job: ScanJob}; out: {id, ok: true, output} or {id, ok: false, error}
 */
import { parentPort } from "node:worker_threads";
import { runScanJob, type ScanJob } from "./scan-worker-stages";

parentPort?.on("message", (msg: { id: number; job: ScanJob }) => {
  runScanJob(msg.job).then(
    (output) => parentPort!.postMessage({ id: msg.id, ok: true, output }),
    (err: unknown) => parentPort!.postMessage({ id: msg.id, ok: false, error: err instanceof Error ? err.message : `threw ${String(err)}` }),
  );
});
