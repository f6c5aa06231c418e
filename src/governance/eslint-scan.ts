import type { ESLint as ESLintClass, Linter } from "eslint";
import type { Finding, Severity } from "./findings";

/**
 * eslint, its plugins and the TypeScript parser are loaded on first use: they take about a
 * second to load, which every node start and every `mcpfed` command would otherwise pay.
 */
function loadEslint() {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { ESLint } = require("eslint") as typeof import("eslint");
  const security = (require("eslint-plugin-security") as { default?: unknown }).default ?? require("eslint-plugin-security");
  const noUnsanitized = (require("eslint-plugin-no-unsanitized") as { default?: unknown }).default ?? require("eslint-plugin-no-unsanitized");
  const tseslint = require("typescript-eslint") as typeof import("typescript-eslint");
  /* eslint-enable @typescript-eslint/no-require-imports */
  return { ESLint, security, noUnsanitized, tseslint };
}

/**
 * eval, require and child_process are judged by the data-flow stage (dataflow/), which knows
 * where the value came from; the spelling-based eslint rules for them are not run.
 */
const SECURITY_RULES: Record<string, Severity> = {
  "security/detect-bidi-characters": "high",
  "security/detect-non-literal-fs-filename": "low",
  "security/detect-unsafe-regex": "low",
  "security/detect-buffer-noassert": "low",
  "security/detect-new-buffer": "low",
  "security/detect-pseudoRandomBytes": "low",
  "security/detect-disable-mustache-escape": "medium",
  "security/detect-no-csrf-before-method-override": "low",
  "no-unsanitized/method": "medium",
  "no-unsanitized/property": "medium",
};

function rules(): Linter.RulesRecord {
  return Object.fromEntries(Object.keys(SECURITY_RULES).map((r) => [r, "warn"]));
}

/**
 * eslint through its Node API with eslint-plugin-security and eslint-plugin-no-unsanitized.
 * The submitter's own configuration is never loaded (overrideConfigFile: true) and inline
 * `eslint-disable` comments are ignored (allowInlineConfig: false).
 */
export async function scanWithEslint(root: string, files: readonly string[]): Promise<Finding[]> {
  const js = files.filter((f) => /\.(c|m)?jsx?$/.test(f));
  const ts = files.filter((f) => /\.(c|m)?tsx?$/.test(f) && !f.endsWith(".d.ts"));
  if (js.length + ts.length === 0) return [];
  const { ESLint, security, noUnsanitized, tseslint } = loadEslint();
  const plugins = { security: security as ESLintClass.Plugin, "no-unsanitized": noUnsanitized as ESLintClass.Plugin };
  const config: Linter.Config[] = [
    {
      files: ["**/*.js", "**/*.cjs", "**/*.mjs", "**/*.jsx"],
      plugins,
      languageOptions: { ecmaVersion: "latest", sourceType: "module", parserOptions: { ecmaFeatures: { jsx: true } } },
      rules: rules(),
    },
    {
      files: ["**/*.ts", "**/*.cts", "**/*.mts", "**/*.tsx"],
      plugins,
      languageOptions: { parser: tseslint.parser as Linter.Parser, ecmaVersion: "latest", sourceType: "module" },
      rules: rules(),
    },
  ];
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: config,
    allowInlineConfig: false,
    errorOnUnmatchedPattern: false,
    warnIgnored: false,
  });
  const results = await eslint.lintFiles([...js, ...ts]);
  const findings: Finding[] = [];
  for (const result of results) {
    const file = result.filePath.startsWith(root) ? result.filePath.slice(root.length + 1) : result.filePath;
    for (const m of result.messages) {
      if (!m.ruleId) continue; // a parse error: the file is not valid JS/TS; ast-grep still scans it
      findings.push({ ruleId: `eslint/${m.ruleId}`, severity: SECURITY_RULES[m.ruleId] ?? "low", message: m.message, scanner: "eslint", file, line: m.line });
    }
  }
  return findings;
}
