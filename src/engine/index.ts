export { FederatedEngine } from "./federated-engine";
export { HOP_HEADER } from "./remote-execution";
export type {
  FederatedEngineOptions,
  LocalTool,
  Observation,
  PeerConfig,
  RankOptions,
  RankedTool,
  RefreshResult,
  RegistryEntry,
} from "./engine-types";
export type { PeerStatus, PeerState } from "./peer";
export { parsePeerSnapshot, type PeerSnapshot } from "./peer-snapshot";
export { PeerAuthError, PeerBadAnswerError, PeerOfflineError, PeerProblemError, PeerTimeoutError, PeerUnavailableError } from "./engine-errors";
export { dominates, nonDominatedSort, topFronts, crowdingDistance, naiveNonDominatedSort } from "./pareto";
export { wilsonLowerBound, quantile, type Objectives } from "./objectives";
