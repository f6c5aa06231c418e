/**
 * Runs secretlint (an ES module) over files named on stdin and prints findings as JSON.
 * A separate process keeps the ESM-only secretlint out of the CommonJS node and its tests.
 * stdin: {"root": "...", "files": ["rel/path", ...]}; stdout: [{file, line, ruleId, message}]
 */
import { readFileSync } from "node:fs";
import { extname, join } from "node:path";

interface LintMessage {
  ruleId: string;
  message: string;
  loc: { start: { line: number } };
}
type LintSource = (args: {
  source: { filePath: string; content: string; ext: string; contentType: "text" };
  options: { config: { rules: { id: string; rule: unknown }[] }; maskSecrets: boolean };
}) => Promise<{ messages: LintMessage[] }>;

interface Input {
  root: string;
  files: string[];
}

async function main(): Promise<void> {
  const input = JSON.parse(readFileSync(0, "utf8")) as Input;
  // secretlint is ESM-only: a real dynamic import (module node16 keeps import() as is)
  const { lintSource } = (await import("@secretlint/core")) as unknown as { lintSource: LintSource };
  const { creator } = (await import("@secretlint/secretlint-rule-preset-recommend")) as unknown as { creator: unknown };
  const out: { file: string; line: number; ruleId: string; message: string }[] = [];
  for (const file of input.files) {
    let content: string;
    try {
      content = readFileSync(join(input.root, file), "utf8");
    } catch {
      continue;
    }
    const result = await lintSource({
      source: { filePath: join(input.root, file), content, ext: extname(file), contentType: "text" },
      options: { config: { rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: creator }] }, maskSecrets: true },
    });
    for (const m of result.messages) out.push({ file, line: m.loc.start.line, ruleId: m.ruleId, message: m.message });
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
