import { ForbiddenError, NotFoundError } from "../errors";
import type { SubmissionsPort } from "../store/ports";
import type { HeartbeatMonitor } from "./heartbeat-monitor";

/** What a member is told after a beat. */
export interface HeartbeatAnswer {
  name: string;
  status: "active";
  lastSeen: string;
  /** Milliseconds: beat at least this often; three missed intervals make the member stale. */
  interval: number;
  staleAfter: number;
}

/**
 * POST /register/:name/heartbeat: only the token that owns the published member may beat for it
 * (not even an admin: a heartbeat vouches that the member itself is alive).
 */
export async function beatAsOwner(
  deps: { submissions: Pick<SubmissionsPort, "published">; monitor: HeartbeatMonitor },
  name: string,
  principalId: string,
): Promise<HeartbeatAnswer> {
  const published = await deps.submissions.published(name);
  if (!published) throw new NotFoundError(`${name} is not published`);
  if (published.owner !== principalId) throw new ForbiddenError(`${name} belongs to another organization`);
  const { lastBeat } = await deps.monitor.beat(name);
  return { name, status: "active", lastSeen: new Date(lastBeat).toISOString(), interval: deps.monitor.intervalMs, staleAfter: deps.monitor.staleAfterMs };
}
