import { join } from "node:path";
import { atLeast } from "../../src/governance/findings";
import { runPipeline } from "../../src/governance/pipeline";
import { detonate, sandboxAvailable, type SandboxOptions } from "../../src/governance/sandbox/detonate";
import { plantHoneypot } from "../../src/governance/sandbox/honeypot";
import { judgeObservations } from "../../src/governance/sandbox/observe";
import { sampleArguments } from "../../src/governance/sandbox/sample-args";
import { scanCommand } from "../../src/scan-command";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";

const SERVERS = join(__dirname, "../fixtures/governance/code/sandbox");
const OPTIONS: SandboxOptions = { enabled: true, required: false, timeoutMs: 20_000, memoryMb: 1024 };
// The CI machine (Linux, root) runs these; MCPFED_SANDBOX_TESTS=off skips them where namespaces are not allowed.
const skipDetonation = process.env.MCPFED_SANDBOX_TESTS === "off";

describe("arguments generated from a tool's schema", () => {
  test.each([
    [{ type: "object", properties: { city: { type: "string" }, days: { type: "integer", minimum: 3 } } }, { city: "hello", days: 3 }],
    [{ type: "object", properties: { url: { type: "string", format: "uri" }, mode: { enum: ["fast", "slow"] } } }, { url: "http://example.com/", mode: "fast" }],
    [{ type: "object", properties: { tags: { type: "array", items: { type: "string" } }, dry: { type: "boolean", default: false } } }, { tags: ["tags".length ? "hello" : ""], dry: false }],
    [{ type: "object", properties: { v: { anyOf: [{ type: "number" }, { type: "null" }] }, path: { type: "string" } } }, { v: 1, path: "notes.txt" }],
  ])("when the schema is %j, then the arguments are %j", (schema, expected) => {
    expect(sampleArguments(schema)).toEqual(expected);
  });
});

describe("judging what a server did", () => {
  const dir = mkdtempSync(join(tmpdir(), "mcpfed-judge-"));
  const hp = plantHoneypot(dir);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const first = '10 execve("/usr/bin/node", ["node", "server.js"], 0x7ffd /* 9 vars */) = 0';

  test.each([
    ["a shell", `${first}\n11 execve("/bin/sh", ["/bin/sh", "-c", "id"], 0x1 /* 9 vars */) = 0`, [], "sandbox/shell-spawned"],
    ["curl", `${first}\n11 execve("/usr/bin/curl", ["curl", "x"], 0x1 /* 9 vars */) = 0`, [], "sandbox/network-tool-spawned"],
    ["a planted key opened", `${first}\n10 openat(AT_FDCWD, "${hp.home}/.ssh/id_rsa", O_RDONLY|O_CLOEXEC) = 21`, [], "sandbox/credential-access"],
    ["a canary in a DNS name", first, [{ kind: "dns" as const, name: `${Buffer.from(hp.env.AWS_SECRET_ACCESS_KEY).toString("hex").slice(0, 50)}.x.example` }], "sandbox/canary-exfiltration"],
    ["a canary in a base64 body", first, [{ kind: "tcp" as const, port: 80, data: `POST / HTTP/1.1\r\nHost: c.example\r\n\r\n{"d":"${Buffer.from(`k=${hp.env.GITHUB_TOKEN}`).toString("base64")}"}` }], "sandbox/canary-exfiltration"],
  ])("when the trace shows %s, then it is reported as high", (_label, trace, events, rule) => {
    expect(judgeObservations(trace, events, hp).find((f) => f.ruleId === rule)?.severity).toBe("high");
  });

  test("when the server only starts itself, reads its own files and asks DNS for its API host, then nothing is reported", () => {
    const trace = `${first}\n10 openat(AT_FDCWD, "/app/package.json", O_RDONLY) = 20\n10 connect(20, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("127.0.0.1")}, 16) = 0`;
    expect(judgeObservations(trace, [{ kind: "dns", name: "api.example.com" }, { kind: "tcp", port: 80, data: "GET / HTTP/1.1\r\nHost: api.example.com\r\n\r\n" }], hp)).toEqual([]);
  });

  test("when a connection goes to an address outside the sandbox, then the attempt is reported", () => {
    const trace = `${first}\n10 connect(20, {sa_family=AF_INET, sin_port=htons(4444), sin_addr=inet_addr("203.0.113.7")}, 16) = -1 ENETUNREACH (Network is unreachable)`;
    expect(judgeObservations(trace, [], hp)).toEqual([expect.objectContaining({ ruleId: "sandbox/connection-attempt", message: expect.stringContaining("203.0.113.7:4444") })]);
  });
});

const detonation = skipDetonation ? describe.skip : describe;

detonation("detonation of real servers (Linux namespaces + strace)", () => {
  jest.setTimeout(60_000);

  test("the machine can build the sandbox", () => {
    expect(sandboxAvailable()).toBeUndefined();
  });

  test.each([
    ["steal-ssh", ["sandbox/credential-access", "sandbox/canary-exfiltration"]],
    ["spawn-shell", ["sandbox/shell-spawned"]],
    ["dns-canary", ["sandbox/canary-exfiltration"]],
  ])("when the %s server is run and its tools called, then %j are reported as high", async (name, rules) => {
    const out = await detonate(join(SERVERS, name), OPTIONS);
    if (!out.ran) throw new Error(out.reason);
    for (const rule of rules) expect(out.findings.find((f) => f.ruleId === rule)?.severity).toBe("high");
  });

  test("when the benign server is run, then every tool is called and nothing medium or worse is reported", async () => {
    const out = await detonate(join(SERVERS, "benign"), OPTIONS);
    if (!out.ran) throw new Error(out.reason);
    expect(out.detail).toContain("2/2 tools called");
    expect(out.findings.filter((f) => atLeast(f.severity, "medium"))).toEqual([]);
  });

  test("when a plain-Python server (a vendored minimal stdio MCP, no packages) steals a key, then the Python path reports it", async () => {
    const out = await detonate(join(SERVERS, "python-steal-ssh"), OPTIONS);
    if (!out.ran) throw new Error(out.reason);
    expect(out.findings.find((f) => f.ruleId === "sandbox/credential-access")?.severity).toBe("high");
    expect(out.findings.find((f) => f.ruleId === "sandbox/canary-exfiltration")?.severity).toBe("high");
  });

  test("when the plain-Python benign server is run, then its tools are called and nothing medium or worse is reported", async () => {
    const out = await detonate(join(SERVERS, "python-benign"), OPTIONS);
    if (!out.ran) throw new Error(out.reason);
    expect(out.detail).toContain("2/2 tools called");
    expect(out.findings.filter((f) => atLeast(f.severity, "medium"))).toEqual([]);
  });

  test("when a server writes outside its sandbox directory, then the host file system refuses it", async () => {
    const target = "/tmp/mcpfed-sandbox-escape-check.txt";
    rmSync(target, { force: true });
    const out = await detonate(join(SERVERS, "writes-host"), OPTIONS);
    if (!out.ran) throw new Error(out.reason);
    const planted = existsSync(target);
    rmSync(target, { force: true });
    expect(planted).toBe(false);
  });

  test("when `mcpfed scan --sandbox` checks the key-stealing server, then it exits 1 and the report names the canary", async () => {
    let out = "";
    const code = await scanCommand(join(SERVERS, "steal-ssh"), { format: "json", failOn: "high", semgrepBin: "/nonexistent/semgrep", semgrepRequired: false, sandbox: true }, (s) => (out += s));
    expect(code).toBe(1);
    expect(JSON.parse(out).findings.map((f: { ruleId: string }) => f.ruleId)).toContain("sandbox/canary-exfiltration");
  });

  test("when a server never answers, then the sandbox gives up within its time limit", async () => {
    const started = Date.now();
    const out = await detonate(join(SERVERS, "hangs"), { ...OPTIONS, timeoutMs: 4000 });
    expect(out).toMatchObject({ ran: false, reason: expect.stringContaining("did not start") });
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  test("when the pipeline detonates a server that steals a key, then the submission is rejected", async () => {
    const options = { failOn: "high" as const, semgrep: { bin: "/nonexistent/semgrep", configs: [], required: false }, sandbox: OPTIONS };
    const report = await runPipeline({ manifest: { name: "notes", version: "1.0.0", description: "Notes in folders", license: "MIT" }, sourceDir: join(SERVERS, "steal-ssh") }, options);
    expect(report.decision).toBe("rejected");
    expect(report.stages.find((s) => s.name === "sandbox")).toMatchObject({ status: "fail" });
  });
});

describe("when the sandbox cannot run", () => {
  const options = { failOn: "high" as const, semgrep: { bin: "/nonexistent/semgrep", configs: [], required: false } };
  const manifest = { name: "x", version: "1.0.0", description: "A server without an entry point", license: "MIT" };
  const noEntry = join(__dirname, "../fixtures/governance/code/benign");

  test("then it says not-run with the reason, and a required sandbox rejects", async () => {
    const optional = await runPipeline({ manifest, sourceDir: noEntry }, { ...options, sandbox: OPTIONS });
    expect(optional.stages.find((s) => s.name === "sandbox")).toMatchObject({ status: "not-run", detail: expect.any(String) });
    expect(optional.findings.find((f) => f.ruleId === "sandbox/not-run")).toMatchObject({ severity: "info" });
    const required = await runPipeline({ manifest, sourceDir: noEntry }, { ...options, sandbox: { ...OPTIONS, required: true } });
    expect(required.decision).toBe("rejected");
    expect(required.reasons.join(" ")).toContain("sandbox is required");
  });

  test("then, disabled, it is not run at all", async () => {
    const report = await runPipeline({ manifest, sourceDir: noEntry }, options);
    expect(report.stages.find((s) => s.name === "sandbox")).toMatchObject({ status: "not-run", detail: expect.stringContaining("disabled") });
  });
});
