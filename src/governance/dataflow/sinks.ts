import type { Severity } from "../findings";
import { flatten, knownText, type Step, type TaintKind, type Value } from "./value";

/** What a call does with its arguments, once its callee is resolved to a module member. */
export type SinkKind = "shell" | "spawn" | "eval" | "import" | "deserialize" | "network" | "dns" | "file-write" | "file-read" | "template" | "alloc" | "decompress";

/** Callees by canonical name (aliases already resolved by the front end), for JS and Python. */
const SINKS: [RegExp, SinkKind][] = [
  [/^child_process\.(exec|execSync)$|^os\.(system|popen[234]?)$|^subprocess\.(getoutput|getstatusoutput)$|^commands\.\w+$/, "shell"],
  [/^child_process\.(spawn|spawnSync|execFile|execFileSync|fork)$|^subprocess\.(run|call|Popen|check_output|check_call)$|^os\.(exec|spawn)\w*$|^pty\.spawn$|^asyncio\.create_subprocess_(exec|shell)$/, "spawn"],
  [/^(eval|Function|exec|compile|execfile|setTimeout|setInterval)$|^vm\.(runInNewContext|runInThisContext|runInContext|compileFunction|Script|SourceTextModule)$|^code\.(interact|InteractiveInterpreter)/, "eval"],
  [/^(require|__import__|importlib\.import_module|importlib\.__import__|import\(\))$/, "import"],
  [/^(c?[pP]ickle|dill|marshal|jsonpickle|cloudpickle|joblib)\.(loads?|decode|Unpickler)$|^shelve\.open$|^yaml\.(load|unsafe_load|full_load|load_all|unsafe_load_all)$|^node-serialize\.unserialize$/, "deserialize"],
  [/^dns\.(lookup|resolve\w*|reverse)$|^dns\.promises\.\w+$|^socket\.(gethostbyname\w*|getaddrinfo|gethostbyaddr)$|^dns\.resolver\.(resolve|query)$/, "dns"],
  [
    /^(fetch|axios(\.\w+)?|got(\.\w+)?|node-fetch|superagent\.\w+|ky(\.\w+)?|WebSocket|ws|undici\.(request|fetch|stream)|https?\.(request|get)|net\.(connect|createConnection)|tls\.connect|dgram\.\w+|XMLHttpRequest)$|^(requests|httpx|aiohttp\.ClientSession\(\)|httpx\.(Async)?Client\(\)|requests\.Session\(\))\.(get|post|put|patch|delete|request|head|send)$|^requests\.(get|post|put|patch|delete|request|head)$|^urllib\.request\.(urlopen|Request)$|^urllib2?\.urlopen$|^http\.client\.HTTPS?Connection$|^(socket\.\w+|net\.\w+|tls\.connect|https?\.(request|get)|socket\.create_connection)\(\)\.(connect|send|sendall|sendto|connect_ex|write|end)$|^socket\.create_connection$|^smtplib\.SMTP\w*$|^ftplib\.FTP$/,
    "network",
  ],
  [/^(ejs|pug|jade|nunjucks|handlebars|dot|lodash|underscore|eta|squirrelly)\.(render|renderString|compile|precompile|template)$|^(jinja2\.(Template|Environment\(\)\.from_string)|mako\.template\.Template|tornado\.template\.Template)$/, "template"],
  [/^zlib\.(gunzip|inflate|inflateRaw|unzip|brotliDecompress)(Sync)?$|^(zlib|gzip|bz2|lzma)\.decompress$/, "decompress"],
  [/^fs\.(writeFile|writeFileSync|appendFile|appendFileSync|createWriteStream)$|^(write_text|write_bytes)$|^shutil\.copy\w*$/, "file-write"],
  [/^fs\.(readFile|readFileSync|createReadStream|readdir|readdirSync|opendir)$|^(read_text|read_bytes)$|^glob\.i?glob$|^os\.(listdir|scandir)$/, "file-read"],
];

export function classifySink(ref: string | undefined): SinkKind | undefined {
  if (!ref) return undefined;
  return SINKS.find(([re]) => re.test(ref))?.[1];
}

/** A call of a sink: its callee and what reaches it. */
export interface SinkCall {
  kind: SinkKind;
  ref: string;
  file: string;
  line: number;
  /** shell command, evaluated code, module name, deserialized data, URL or host, file path */
  target: Value;
  /** argv of a spawn (the program first) */
  argv?: Value[];
  /** everything else passed along (request bodies, options) */
  rest: Value[];
  /** Python open() mode, yaml Loader and the like, when known */
  safe?: boolean;
}

export interface FlowFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  line: number;
}

const SHELLS = /^(\/(usr\/)?bin\/)?(ba|z|da|k|c|tc|fi)?sh$|^(cmd(\.exe)?|powershell(\.exe)?|pwsh)$/;
const SHELL_FLAG = /^(-c|\/c|-Command|-lc|-ic)$/;
const REVERSE_SHELL = /\/dev\/(tcp|udp)\/|\bn(c|cat|etcat)\b[^|;]*\s-[ec]\b|\bsocat\b.*\bexec:|\bmkfifo\b|\b(ba)?sh\s+-i\b|\bpty\.spawn\b/;
const DOWNLOAD_AND_RUN = /\b(curl|wget)\b[^|;]*\|\s*(ba|z)?sh\b/;
const PERSISTENCE = /(^|\/)(authorized_keys2?|\.bashrc|\.bash_profile|\.zshrc|\.zprofile|\.profile|\.bash_login|crontab)$|\/etc\/(cron|profile|sudoers|rc\.local|ld\.so\.preload)|\/(\.config\/autostart|LaunchAgents|LaunchDaemons|systemd\/user)\//;
const CREDENTIAL_ANYWHERE = /(^|\/)\.ssh(\/|$)|id_(rsa|dsa|ecdsa|ed25519)\b|\.aws\/(credentials|config)\b|(^|\/)\.aws$|\.kube\/config|\.gnupg(\/|$)|\.git-credentials|\.config\/gcloud|\.azure\/|\.docker\/config\.json|Library\/Keychains|\.config\/gh\/hosts|\.password-store|wallet\.dat|\/etc\/shadow/;
const CREDENTIAL_IN_HOME = /^(~|\/home\/[^/]+|\/root|\/Users\/[^/]+)\/(\.netrc|\.npmrc|\.pypirc|\.env|\.pgpass|\.my\.cnf|\.bash_history|\.zsh_history|\.config\/(claude|Claude)|\.cursor\/mcp\.json|Library\/Application Support\/Claude)/;

/** Whether a known (folded) path names a credential store of the user. */
export function isCredentialPath(path: string | undefined): boolean {
  return path !== undefined && (CREDENTIAL_ANYWHERE.test(path) || CREDENTIAL_IN_HOME.test(path));
}

const DESCRIBE: Record<TaintKind, string> = {
  arg: "a tool argument",
  param: "a function parameter",
  env: "the whole environment",
  "env-var": "an environment variable",
  credential: "credential data",
  file: "file contents",
  "user-file": "the contents of a file the tool argument names",
  remote: "data fetched from the network",
};

function path(steps: Step[] | undefined, call: SinkCall): string {
  const hops = [...(steps ?? []), { file: call.file, line: call.line, note: call.ref }];
  return hops.map((s) => `${s.note} (${s.file}:${s.line})`).join(" → ");
}

function firstTaint(values: readonly Value[], kinds: readonly TaintKind[]): [TaintKind, Step[]] | undefined {
  for (const k of kinds) for (const v of values) for (const part of flatten(v)) if (part.taints.has(k)) return [k, part.taints.get(k)!];
  return undefined;
}

/** Whether a URL-ish value has a constant scheme and host: the request goes where the code says. */
function fixedHost(v: Value): boolean {
  if (v.str !== undefined || v.configuredBase) return true;
  return v.prefix !== undefined && /^[a-z][\w+.-]*:\/\/[^/?#]+[/?#]/i.test(v.prefix);
}

// link-local and well-known metadata endpoints serve the instance's cloud credentials
const CLOUD_METADATA = /^[a-z]+:\/\/(169\.254\.169\.254|\[?fd00:ec2::254\]?|metadata\.google\.internal|metadata\.azure\.com|100\.100\.100\.200)([:/?#]|$)/i;

/**
 * Whether a file path is a tool argument joined onto a folder (a constant directory or a
 * configured root): the code means to confine the argument there, and without a check after
 * normalizing (realpath/resolve + startswith, commonpath, is_relative_to) `../` walks out.
 */
function underRoot(target: Value): boolean {
  return target.str === undefined && (target.configuredBase === true || (target.prefix !== undefined && target.prefix.length > 1));
}

/** Code or a command chosen by a tool argument is critical: whoever writes the prompt runs code. */
function injectionSeverity(kind: TaintKind): Severity {
  return kind === "param" ? "medium" : kind === "arg" ? "critical" : "high";
}

/** The judgement: which source reaching which sink is a finding, and how bad. */
export function judge(call: SinkCall): FlowFinding[] {
  const out: FlowFinding[] = [];
  const add = (ruleId: string, severity: Severity, message: string) => out.push({ ruleId, severity, message, file: call.file, line: call.line });
  const flow = (values: Value[], kinds: TaintKind[]) => firstTaint(values, kinds);
  const all = [call.target, ...(call.argv ?? []), ...call.rest];
  switch (call.kind) {
    case "shell":
      judgeShell(call.target, call, add);
      break;
    case "spawn": {
      const argv = call.argv ?? [call.target];
      const program = argv[0]?.str;
      const flagAt = argv.findIndex((a) => a.str !== undefined && SHELL_FLAG.test(a.str));
      if (program !== undefined && SHELLS.test(program.split(/[\\/]/).pop() ?? program) ) {
        if (flagAt > 0 && argv[flagAt + 1]) judgeShell(argv[flagAt + 1], call, add);
        else if (flagAt < 0) add("flow/interactive-shell", "medium", `an interactive shell is started (${program})`);
      } else if (program === undefined) {
        const t = flow([argv[0] ?? call.target], ["arg", "remote", "file", "credential", "param"]);
        if (t) add("flow/command-injection", injectionSeverity(t[0]), `${DESCRIBE[t[0]]} chooses the program to run: ${path(t[1], call)}`);
      }
      const leak = flow(argv.slice(1), ["credential", "env"]);
      if (leak) add("flow/exfiltration", "high", `${DESCRIBE[leak[0]]} passed to a process: ${path(leak[1], call)}`);
      break;
    }
    case "eval": {
      const t = flow([call.target], ["arg", "remote", "file", "credential", "env", "env-var", "param"]);
      if (t) add("flow/code-injection", injectionSeverity(t[0]), `${DESCRIBE[t[0]]} is run as code: ${path(t[1], call)}`);
      else if (call.target.decoded) add("flow/obfuscated-code", "high", `decoded data is run as code (${call.ref}, ${call.file}:${call.line})`);
      else if (call.target.str === undefined && !/^(setTimeout|setInterval)$/.test(call.ref)) add("flow/dynamic-code", "medium", `code built at run time is evaluated (${call.ref})`);
      else if (call.target.folded) add("flow/obfuscated-code", "medium", `code assembled from pieces is evaluated (${call.ref})`);
      break;
    }
    case "import": {
      const name = call.target.str;
      if (name !== undefined && /^data:/i.test(name)) add("flow/data-url-import", "high", `code imported from a data: URL (${call.file}:${call.line})`);
      else if (name !== undefined && (call.target.folded || call.target.decoded)) add("flow/obfuscated-import", "high", `module name "${name.slice(0, 40)}" is assembled from pieces: hides which module is loaded`);
      else if (name === undefined) {
        const t = flow([call.target], ["arg", "remote", "file", "env", "env-var", "param"]);
        add("flow/dynamic-import", t && t[0] !== "param" && t[0] !== "env-var" ? "high" : "medium", t ? `${DESCRIBE[t[0]]} chooses the module to load: ${path(t[1], call)}` : `module chosen at run time (${call.ref})`);
      }
      break;
    }
    case "deserialize":
      if (!call.safe && call.target.str === undefined) {
        const t = flow([call.target], ["arg", "remote", "file", "credential", "env", "param"]);
        add("flow/unsafe-deserialization", "high", t ? `${DESCRIBE[t[0]]} is deserialized unsafely: ${path(t[1], call)}` : `unsafe deserialization (${call.ref})`);
      }
      break;
    case "dns": {
      const t = flow([call.target], ["credential", "env", "file"]) ?? (call.target.composite ? flow([call.target], ["env-var"]) : undefined);
      if (t) add("flow/dns-exfiltration", "high", `${DESCRIBE[t[0]]} ends up in a DNS query: ${path(t[1], call)}`);
      break;
    }
    case "network": {
      const t = flow(all, ["credential", "env"]);
      const known = knownText(call.target);
      if (t) add("flow/exfiltration", "high", `${DESCRIBE[t[0]]} is sent over the network: ${path(t[1], call)}`);
      else if (known !== undefined && CLOUD_METADATA.test(known)) add("flow/cloud-metadata", "high", `requests the cloud instance metadata service (${known.slice(0, 60)}): where instance credentials are served`);
      else if (!fixedHost(call.target)) {
        const hostFrom = flow([call.target], ["arg", "file"]);
        // a configured secret (an API token) sent wherever the caller says: the secret leaks
        const secret = hostFrom ? flow(call.rest, ["env-var"]) : undefined;
        if (hostFrom && secret) add("flow/secret-to-chosen-host", "high", `${DESCRIBE[secret[0]]} (a configured secret) is sent to a host that ${DESCRIBE[hostFrom[0]]} chooses: ${path(secret[1], call)}`);
        else if (hostFrom) add("flow/ssrf", "medium", `${DESCRIBE[hostFrom[0]]} chooses where a request goes: ${path(hostFrom[1], call)}`);
        const secretHost = flow([call.target], ["env-var"]);
        if (!hostFrom && !secretHost && call.target.str !== undefined && /\$\(|`|\/dev\/tcp/.test(call.target.str)) add("flow/suspicious-url", "medium", "odd request target");
      }
      break;
    }
    case "file-write": {
      const text = knownText(call.target);
      if (text !== undefined && PERSISTENCE.test(text.replace(/\/+$/, ""))) add("flow/persistence", "high", `writes ${text} (a login, shell start-up or SSH trust file): a backdoor`);
      else {
        const t = flow([call.target], ["arg"]);
        if (t && underRoot(call.target)) add("flow/path-traversal", "high", `${DESCRIBE[t[0]]} is joined onto ${text ?? "a configured folder"} with no confinement check: a write can escape it with ../ (${path(t[1], call)})`);
        else if (t && !text) add("flow/arbitrary-file-write", "medium", `${DESCRIBE[t[0]]} chooses which file is written: ${path(t[1], call)}`);
      }
      break;
    }
    case "template": {
      const t = flow([call.target], ["arg", "remote", "file", "param"]);
      if (t) add("flow/template-injection", t[0] === "param" ? "medium" : "high", `${DESCRIBE[t[0]]} is compiled as a server-side template (code runs on the server): ${path(t[1], call)}`);
      break;
    }
    case "decompress": {
      // a size bound (maxOutputLength, max_length) is passed in the options
      const bounded = call.rest.some((v) => v.props?.has("maxOutputLength") || v.props?.has("max_length")) || call.safe;
      const t = bounded ? undefined : flow([call.target], ["arg"]);
      if (t) add("flow/decompression-bomb", "high", `${DESCRIBE[t[0]]} is decompressed with no bound on the output (a zip bomb): ${path(t[1], call)}`);
      break;
    }
    case "alloc": {
      const t = flow([call.target], ["arg"]);
      if (t) add("flow/resource-exhaustion", call.ref.includes("amplified") ? "high" : "medium", `${DESCRIBE[t[0]]} sizes an allocation with no bound${call.ref.includes("amplified") ? ", multiplied" : ""}: ${path(t[1], call)}`);
      break;
    }
    case "file-read": {
      const text = knownText(call.target);
      if (isCredentialPath(text) || call.target.taints.has("credential")) add("flow/credential-read", "high", `reads a credential store (${text ?? "credential path"}): ${path(call.target.taints.get("credential"), call)}`);
      else {
        const t = flow([call.target], ["arg"]);
        if (t && underRoot(call.target)) add("flow/path-traversal", "high", `${DESCRIBE[t[0]]} is joined onto ${text ?? "a configured folder"} with no confinement check: a read can escape it with ../ (${path(t[1], call)})`);
        else if (t && !text) add("flow/arbitrary-file-read", "medium", `${DESCRIBE[t[0]]} chooses which file is read, with no check: ${path(t[1], call)}`);
      }
      break;
    }
  }
  return out;
}

function judgeShell(cmd: Value, call: SinkCall, add: (id: string, s: Severity, m: string) => void): void {
  const t = firstTaint([cmd], ["arg", "remote", "file", "credential", "env", "param"]);
  if (t) {
    add(t[0] === "credential" || t[0] === "env" ? "flow/exfiltration" : "flow/command-injection", injectionSeverity(t[0]), `${DESCRIBE[t[0]]} reaches a shell command: ${path(t[1], call)}`);
    return;
  }
  const text = knownText(cmd) ?? "";
  if (REVERSE_SHELL.test(text)) add("flow/reverse-shell", "high", `a reverse shell: ${text.slice(0, 80)}`);
  else if (DOWNLOAD_AND_RUN.test(text)) add("flow/download-and-run", "high", `downloads code and runs it: ${text.slice(0, 80)}`);
  else if (isCredentialPath(text.split(/\s+/).find((w) => isCredentialPath(w.replace(/^@/, ""))))) add("flow/credential-read", "high", `a shell command touches credentials: ${text.slice(0, 80)}`);
  else if (cmd.decoded) add("flow/obfuscated-code", "high", "a decoded command is run");
}
