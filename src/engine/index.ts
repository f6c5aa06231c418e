export {
  FederatedEngine,
  HOP_HEADER,
  type FederatedEngineOptions,
  type LocalTool,
  type Observation,
  type PeerConfig,
  type RankOptions,
  type RankedTool,
  type RefreshResult,
  type RegistryEntry,
} from "./federated-engine";
export type { PeerStatus, PeerState } from "./peer";
export { PeerOfflineError, PeerProblemError, PeerTimeoutError, PeerUnavailableError } from "./engine-errors";
export { dominates, nonDominatedSort, topFronts, crowdingDistance, naiveNonDominatedSort } from "./pareto";
export { wilsonLowerBound, quantile, type Objectives } from "./objectives";
