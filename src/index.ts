export { createNode, type McpfedNode, type NodeOptions } from "./node/create-node";
export { loadConfig, ConfigError, type ConfigFlags } from "./config/load-config";
export type { NodeConfig, NodeConfigInput } from "./config/config-schema";
export { verifyReport, type ReportVerification } from "./trust/signed-report";
export { canonicalize } from "./trust/jcs";
