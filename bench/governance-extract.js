// Builds bench/data/governance/benign-tools.json: runs real MCP servers installed from npm
// (stdio, tools/list, prompts/list; no network calls are needed for listing) and stores their
// definitions with package name, version and licence.
//   [OUT_FILE=name.json] node bench/governance-extract.js <dir-with-node_modules> [package...]
// Not run by `npm run bench`: the result is committed so the bench needs no network.
"use strict";
const { readFileSync, writeFileSync, mkdtempSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { Client } = require("@modelcontextprotocol/sdk/client/index.js");
const { StdioClientTransport } = require("@modelcontextprotocol/sdk/client/stdio.js");

const OUT = join(__dirname, "data/governance", process.env.OUT_FILE ?? "benign-tools.json");
/** Placeholder credentials: servers that refuse to start without one still list their tools. */
const FAKE_ENV = {
  BRAVE_API_KEY: "placeholder", GITHUB_PERSONAL_ACCESS_TOKEN: "placeholder", GITLAB_PERSONAL_ACCESS_TOKEN: "placeholder",
  SLACK_BOT_TOKEN: "xoxb-placeholder", SLACK_TEAM_ID: "T000", GOOGLE_MAPS_API_KEY: "placeholder", EVERART_API_KEY: "placeholder",
  AWS_ACCESS_KEY_ID: "placeholder", AWS_SECRET_ACCESS_KEY: "placeholder", AWS_REGION: "us-east-1", EXA_API_KEY: "placeholder",
  HEROKU_API_KEY: "placeholder", FIGMA_API_KEY: "placeholder", PRIVATE_APP_ACCESS_TOKEN: "placeholder", TAVILY_API_KEY: "placeholder",
  FIRECRAWL_API_KEY: "fc-placeholder", SUPABASE_ACCESS_TOKEN: "placeholder", SENTRY_ACCESS_TOKEN: "placeholder",
  BROWSERBASE_API_KEY: "placeholder", BROWSERBASE_PROJECT_ID: "placeholder", STRIPE_SECRET_KEY: "sk_test_placeholder",
  NOTION_TOKEN: "placeholder", NEON_API_KEY: "placeholder", CIRCLECI_TOKEN: "placeholder", ES_URL: "http://127.0.0.1:1", ES_API_KEY: "placeholder",
  PINECONE_API_KEY: "placeholder", TWENTY_FIRST_API_KEY: "placeholder", LARA_ACCESS_KEY_ID: "placeholder", LARA_ACCESS_KEY_SECRET: "placeholder",
  APIFY_TOKEN: "placeholder", MYSQL_HOST: "127.0.0.1", MYSQL_PORT: "1", MYSQL_USER: "u", MYSQL_PASS: "p", MYSQL_DB: "d", OPENAPI_MCP_HEADERS: "{}", KUBECONFIG: "/nonexistent", REDIS_URL: "redis://127.0.0.1:1",
  AMAP_MAPS_API_KEY: "placeholder", ATLASSIAN_SITE_NAME: "example", ATLASSIAN_USER_EMAIL: "user@example.com", ATLASSIAN_API_TOKEN: "placeholder",
  BROWSERSTACK_USERNAME: "placeholder", BROWSERSTACK_ACCESS_KEY: "placeholder", CHANNEL_ACCESS_TOKEN: "placeholder", DESTINATION_USER_ID: "U000",
  POSTMAN_API_KEY: "PMAK-placeholder", CURRENTS_API_KEY: "placeholder", MAPBOX_ACCESS_TOKEN: "pk.placeholder", NETLIFY_PERSONAL_ACCESS_TOKEN: "placeholder",
  DIGITALOCEAN_API_TOKEN: "placeholder", GLEAN_INSTANCE: "example", GLEAN_API_TOKEN: "placeholder", SANITY_API_TOKEN: "placeholder",
  SANITY_PROJECT_ID: "placeholder", SANITY_DATASET: "production", MCP_USER_ROLE: "developer",
  BAIDU_MAP_API_KEY: "placeholder", PERPLEXITY_API_KEY: "placeholder", AIRTABLE_API_KEY: "placeholder", CHATWORK_API_TOKEN: "placeholder",
  AZURE_DEVOPS_ORG_URL: "https://dev.azure.com/example", AZURE_DEVOPS_AUTH_METHOD: "pat", AZURE_DEVOPS_PAT: "placeholder", TASK_MASTER_TOOLS: "all",
  API_TOKEN: "placeholder", SHORTCUT_API_TOKEN: "placeholder", DATADOG_API_KEY: "placeholder", DATADOG_APP_KEY: "placeholder", XERO_CLIENT_ID: "placeholder",
  XERO_CLIENT_SECRET: "placeholder", Z_AI_API_KEY: "placeholder", MORPH_API_KEY: "placeholder", BACKLOG_DOMAIN: "example.backlog.com", BACKLOG_API_KEY: "placeholder",
  ASANA_ACCESS_TOKEN: "placeholder", CODACY_ACCOUNT_TOKEN: "placeholder", VAPI_TOKEN: "placeholder", JIRA_API_TOKEN: "placeholder", JIRA_EMAIL: "user@example.com", JIRA_HOST: "example.atlassian.net",
  COOLIFY_BASE_URL: "http://127.0.0.1:1", COOLIFY_ACCESS_TOKEN: "placeholder", DATAFORSEO_LOGIN: "placeholder", DATAFORSEO_PASSWORD: "placeholder",
  METABASE_URL: "http://127.0.0.1:1", METABASE_API_KEY: "placeholder", MONGODB_URI: "mongodb://127.0.0.1:1", MONGODB_DATABASE: "placeholder",
  PADDLE_API_KEY: "placeholder", PADDLE_ENVIRONMENT: "sandbox", PADDLE_MCP_TOOLS: "all", BITBUCKET_USERNAME: "placeholder", BITBUCKET_APP_PASSWORD: "placeholder",
  LINEAR_API_KEY: "placeholder", GOOGLE_APPLICATION_CREDENTIALS: "/nonexistent/credentials.json", SERPER_API_KEY: "placeholder",
  RUNPOD_API_KEY: "placeholder", HEVY_API_KEY: "placeholder", MINIMAX_API_KEY: "placeholder",
  TRELLO_API_KEY: "placeholder", TRELLO_TOKEN: "placeholder", INFISICAL_UNIVERSAL_AUTH_CLIENT_ID: "placeholder",
  INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: "placeholder", ROLLBAR_ACCESS_TOKEN: "placeholder", DEEPL_API_KEY: "placeholder:fx",
  DOKPLOY_URL: "http://127.0.0.1:1", DOKPLOY_API_KEY: "placeholder", FR24_API_KEY: "placeholder", ITERABLE_API_KEY: "placeholder",
  RESEND_API_KEY: "re_placeholder",
  DEEPSEEK_API_KEY: "placeholder", LUNCHMONEY_API_TOKEN: "placeholder", PAPERLESS_URL: "http://127.0.0.1:1",
  PAPERLESS_API_KEY: "placeholder", GRAFANA_URL: "http://127.0.0.1:1", GRAFANA_API_KEY: "placeholder",
  ATTIO_API_KEY: "placeholder", WEBFLOW_TOKEN: "placeholder", YOUTUBE_API_KEY: "placeholder", FHIRFLY_API_KEY: "placeholder",
  GOOGLE_API_KEY: "placeholder", GOOGLE_SEARCH_ENGINE_ID: "placeholder", OBSIDIAN_API_KEY: "placeholder",
  MCP_MONGODB_URI: "mongodb://127.0.0.1:1/none",
  CONTENTFUL_MANAGEMENT_ACCESS_TOKEN: "placeholder", GITHUB_PAT: "placeholder",
  DD_API_KEY: "placeholder", DD_APP_KEY: "placeholder", EBAY_CLIENT_ID: "placeholder", EBAY_CLIENT_SECRET: "placeholder",
  GREPTILE_API_KEY: "placeholder", GITHUB_TOKEN: "placeholder", GITLAB_TOKEN: "placeholder", MOTION_API_KEY: "placeholder",
  PROMETHEUS_URL: "http://127.0.0.1:1",
  GEMINI_API_KEY: "placeholder", RETELL_API_KEY: "placeholder", VERCEL_TOKEN: "placeholder",
  COOKUNITY_EMAIL: "user@example.com", COOKUNITY_PASSWORD: "placeholder",
  INFLUX_DB_INSTANCE_URL: "http://127.0.0.1:1", INFLUX_DB_TOKEN: "placeholder", LLAMA_CLOUD_API_KEY: "placeholder",
  SQUARE_ACCESS_TOKEN: "placeholder", PENPOT_ACCESS_TOKEN: "placeholder",
};
/** Arguments some servers need on the command line. */
const ARGS = {
  "@modelcontextprotocol/server-filesystem": (home) => [home],
  "@modelcontextprotocol/server-postgres": () => ["postgresql://127.0.0.1:1/none"],
  "@modelcontextprotocol/server-redis": () => ["redis://127.0.0.1:1"],
  "@modelcontextprotocol/server-everything": () => ["stdio"],
  "@stripe/mcp": () => ["--tools=all", "--api-key=sk_test_placeholder"],
  "figma-developer-mcp": () => ["--stdio", "--figma-api-key=placeholder"],
  "@sentry/mcp-server": () => ["--access-token=placeholder"],
  "@azure-devops/mcp": () => ["example-org"],
  "@agent-infra/mcp-server-filesystem": (home) => ["--allowed-directories", home],
  "@neondatabase/mcp-server-neon": () => ["start", "placeholder"],
  "@bytebase/dbhub": () => ["--demo"],
  "@launchdarkly/mcp-server": () => ["start", "--api-key", "placeholder"],
  "nx-mcp": (home) => [home],
  "argocd-mcp": () => ["stdio"],
  "xcodebuildmcp": () => ["mcp"],
  "agentation-mcp": () => ["server", "--mcp-only"],
  "agent-device": () => ["mcp"],
  "mcp-obsidian": (home) => [home],
  "vercel-mcp": () => ["VERCEL_API_KEY=placeholder"],
  "@mondaydotcomorg/monday-api-mcp": () => ["-t", "placeholder"],
  "@cloudflare/mcp-server-cloudflare": () => ["run", "placeholder"],
  "@twilio-alpha/mcp": () => ["AC00000000000000000000000000000000/SK00000000000000000000000000000000:placeholder"],
  "expo-mcp": () => ["--dev-server-url", "http://127.0.0.1:1"],
  "stock-sdk": () => ["mcp"],
  "@larksuiteoapi/lark-mcp": () => ["mcp", "-a", "cli_placeholder", "-s", "placeholder", "-l", "zh", "-d", "http://127.0.0.1:1"],
  "@modelcontextprotocol/server-pdf": () => ["--stdio"],
  "@modelcontextprotocol/server-map": () => ["--stdio"],
  "shopify-mcp": () => ["--accessToken=shpat_placeholder", "--domain=example.myshopify.com"],
  "@turbot/powerpipe-mcp": (home) => [home],
  "@cloudinary/asset-management-mcp": () => ["start", "--api-key", "placeholder", "--api-secret", "placeholder", "--cloud-name", "placeholder"],
  "@azure/mcp": () => ["server", "start"],
  "prometheus-mcp": () => ["stdio"],
  "datadog-mcp-server": () => ["--apiKey=placeholder", "--appKey=placeholder"],
  "@zeeg/dex": () => ["mcp"],
  "@colbymchenry/codegraph": () => ["serve", "--mcp"],
  "@modelcontextprotocol/server-threejs": () => ["--stdio"],
  "@modelcontextprotocol/server-wiki-explorer": () => ["--stdio"],
  "puppeteer-mcp-claude": () => ["serve"],
  "@ajpanada/mcp-azure-devops": () => ["example-org"],
  "@berthojoris/mcp-mysql-server": () => ["mysql://u:p@127.0.0.1:1/none"],
  "@ergut/mcp-bigquery-server": () => ["--project-id", "placeholder"],
  "@modelcontextprotocol/server-budget-allocator": () => ["--stdio"],
  "@modelcontextprotocol/server-sheet-music": () => ["--stdio"],
  "@modelcontextprotocol/server-customer-segmentation": () => ["--stdio"],
  "@modelcontextprotocol/server-scenario-modeler": () => ["--stdio"],
  "@modelcontextprotocol/server-shadertoy": () => ["--stdio"],
  "@modelcontextprotocol/server-cohort-heatmap": () => ["--stdio"],
  "@modelcontextprotocol/server-transcript": () => ["--stdio"],
  "@modelcontextprotocol/server-video-resource": () => ["--stdio"],
  "@modelcontextprotocol/server-basic-react": () => ["--stdio"],
  "@modelcontextprotocol/server-basic-vanillajs": () => ["--stdio"],
  "@modelcontextprotocol/server-basic-vue": () => ["--stdio"],
  "@modelcontextprotocol/server-basic-preact": () => ["--stdio"],
  "@modelcontextprotocol/server-basic-svelte": () => ["--stdio"],
  "@modelcontextprotocol/server-basic-solid": () => ["--stdio"],
  "creem": () => ["start", "--api-key", "placeholder"],
  "mcp-server-filesystem": (home) => [home],
  "@byterover/cipher": () => ["--mode", "mcp"],
};

/**
 * Environment some servers need beyond FAKE_ENV, per package (given the throwaway home): a language
 * switch for servers that describe their tools in another language on request, a placeholder
 * credential under a name too generic for FAKE_ENV, or a placeholder
 * file that must exist before the server registers its tools.
 */
const ENV = {
  "mcp-shrimp-task-manager": () => ({ TEMPLATES_USE: "zh" }),
  "o3-search-mcp": () => ({ OPENAI_API_KEY: "placeholder" }),
  "memdata-mcp": () => ({ MEMDATA_API_KEY: "md_placeholder" }),
  "mcp-code-graph": () => ({ CODEGPT_API_KEY: "placeholder", CODEGPT_ORG_ID: "placeholder", CODEGPT_GRAPH_ID: "placeholder" }),
  "replicate-mcp": () => ({ REPLICATE_API_TOKEN: "placeholder" }),
  "@codefuturist/email-mcp": () => ({ MCP_EMAIL_ADDRESS: "user@example.com", MCP_EMAIL_PASSWORD: "placeholder", MCP_EMAIL_IMAP_HOST: "127.0.0.1", MCP_EMAIL_SMTP_HOST: "127.0.0.1" }),
  "@mem0/mcp-server": () => ({ MEM0_API_KEY: "placeholder" }),
  "bitbucket-mcp": () => ({ BITBUCKET_TOKEN: "placeholder", BITBUCKET_URL: "http://127.0.0.1:1" }),
  "todoist-mcp": () => ({ API_KEY: "placeholder" }),
  "@answerai/confluence-mcp": () => ({ CONFLUENCE_API_TOKEN: "placeholder", CONFLUENCE_USER_EMAIL: "user@example.com", CONFLUENCE_BASE_URL: "http://127.0.0.1:1" }),
  "@answerai/jira-mcp": () => ({ JIRA_USER_EMAIL: "user@example.com", JIRA_BASE_URL: "http://127.0.0.1:1" }),
  "cclsp": (home) => {
    writeFileSync(join(home, "cclsp.json"), '{ "servers": [] }\n');
    return { CCLSP_CONFIG_PATH: join(home, "cclsp.json") };
  },
  "@botrun/mcp-google-drive": (home) => {
    writeFileSync(join(home, "credentials.json"), "{}\n");
    return { GOOGLE_APPLICATION_CREDENTIALS: join(home, "credentials.json") };
  },
};

/** Packages whose first `bin` is a CLI rather than the MCP server. */
const BIN = {
  "task-master-ai": "dist/mcp-server.js", "claude-talk-to-figma-mcp": "dist/talk_to_figma_mcp/server.js",
  "@claude-flow/cli": "bin/mcp-server.js", "bunqueue": "dist/mcp/index.js",
};

function binOf(dir, pkg) {
  const meta = JSON.parse(readFileSync(join(dir, "node_modules", pkg, "package.json"), "utf8"));
  const bin = BIN[pkg] ?? (typeof meta.bin === "string" ? meta.bin : Object.values(meta.bin ?? {})[0]);
  return { meta, entry: join(dir, "node_modules", pkg, bin ?? meta.main ?? "index.js") };
}

async function list(dir, pkg) {
  const { meta, entry } = binOf(dir, pkg);
  const home = mkdtempSync(join(tmpdir(), "mcpfed-extract-"));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [entry, ...(ARGS[pkg]?.(home) ?? [])],
    env: { PATH: process.env.PATH, HOME: home, ...FAKE_ENV, ...ENV[pkg]?.(home) },
    stderr: "ignore",
  });
  const client = new Client({ name: "mcpfed-extract", version: "0.1.0" });
  try {
    await client.connect(transport, { timeout: 20_000 });
    const caps = client.getServerCapabilities() ?? {};
    const tools = caps.tools ? (await client.listTools({}, { timeout: 20_000 })).tools : [];
    const prompts = caps.prompts ? (await client.listPrompts({}, { timeout: 20_000 }).catch(() => ({ prompts: [] }))).prompts : [];
    const resources = caps.resources ? (await client.listResources({}, { timeout: 20_000 }).catch(() => ({ resources: [] }))).resources : [];
    return { package: pkg, version: meta.version, license: meta.license ?? "see package", instructions: client.getInstructions(), tools, prompts, resources };
  } finally {
    await client.close().catch(() => undefined);
    rmSync(home, { recursive: true, force: true });
  }
}

async function main() {
  const [dir, ...only] = process.argv.slice(2);
  const deps = Object.keys(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).dependencies ?? {});
  const servers = [];
  for (const pkg of only.length ? only : deps) {
    try {
      const s = await list(dir, pkg);
      console.log(`${pkg}@${s.version}: ${s.tools.length} tools, ${s.prompts.length} prompts`);
      if (s.tools.length) servers.push(s);
    } catch (err) {
      console.log(`${pkg}: not listed (${err.message.split("\n")[0]})`);
    }
  }
  writeFileSync(OUT, `${JSON.stringify({ source: "tools/list of npm packages, run locally without network", servers }, null, 1)}\n`);
  console.log(`wrote ${OUT}: ${servers.length} servers, ${servers.reduce((n, s) => n + s.tools.length, 0)} tools`);
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
