import { AppError, UnavailableError, UpstreamError, UpstreamTimeoutError } from "../errors";

/** The peer answered the forwarded call with its own 4xx problem; relayed as it is. */
export class PeerProblemError extends AppError {
  readonly code = "peer-problem";
  constructor(
    readonly status: number,
    readonly problem: Record<string, unknown>,
  ) {
    super(typeof problem.detail === "string" ? problem.detail : `peer answered ${status}`);
  }
}

/** The peer could not be reached (refused, reset, DNS) or answered with a 5xx. */
export class PeerOfflineError extends UpstreamError {}

/** The peer is marked offline and its next probe is not due yet. */
export class PeerUnavailableError extends UnavailableError {}

export class PeerTimeoutError extends UpstreamTimeoutError {}
