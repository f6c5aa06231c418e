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

/**
 * The peer refused this node's own credentials (401, 403, 407): a 502 naming the peer, never
 * relayed as the caller's 401/403 (the caller's token was fine).
 */
export class PeerAuthError extends AppError {
  readonly status = 502;
  readonly code = "peer-auth";
}

/** The peer answered, but with something this node will not pass on (nested too deep…). */
export class PeerBadAnswerError extends AppError {
  readonly status = 502;
  readonly code = "peer-bad-answer";
}
