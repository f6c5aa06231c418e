type Page = (main: HTMLElement) => Promise<void>;

interface Tool { name: string; description?: string; server?: string; tags?: string[]; capabilities?: string[]; inputSchema?: unknown }
interface Rec { mcp_name: string; success: boolean; latency_ms: number; ts: string }

/** Tools: search as you type, filters, success-vs-latency front, schemas. */
const toolsPage: Page = async (main) => {
  const q = el("input", { id: "q", type: "search", autocomplete: "off" });
  const tag = el("input", { id: "tag", type: "text" });
  const cap = el("input", { id: "capability", type: "text" });
  const host = el("input", { id: "host", type: "text" });
  const form = el("form", { role: "search", class: "filters" },
    el("label", { for: "q" }, "Search tools"), q, el("label", { for: "tag" }, "Tag"), tag,
    el("label", { for: "capability" }, "Capability"), cap, el("label", { for: "host" }, "Server"), host);
  form.addEventListener("submit", (e) => e.preventDefault());
  const results = el("div", { id: "tool-results", "aria-live": "polite" });
  main.append(form, results);
  let records: Rec[] = [];
  try {
    records = (await api("/metadata?limit=1000")) as Rec[];
  } catch {
    /* records need metadata:read; the list works without them */
  }
  let seq = 0;
  const refresh = async () => {
    const mine = ++seq;
    const params = new URLSearchParams();
    if (q.value.trim()) params.set("q", q.value.trim());
    if (tag.value.trim()) params.set("tag", tag.value.trim());
    if (cap.value.trim()) params.set("capability", cap.value.trim());
    let tools = (await api(`/discover?${params}`)) as Tool[];
    if (mine !== seq) return;
    if (host.value.trim()) tools = tools.filter((t) => (t.server ?? "").includes(host.value.trim()));
    const points: Point[] = [];
    for (const t of tools) {
      const rs = records.filter((r) => r.mcp_name === t.name || r.mcp_name === t.server);
      if (rs.length) points.push({ label: t.name, x: rs.reduce((s, r) => s + r.latency_ms, 0) / rs.length, y: rs.filter((r) => r.success).length / rs.length });
    }
    results.replaceChildren(
      el("p", {}, `${tools.length} tool(s)`),
      points.length ? scatter("Success against mean latency; the Pareto front is joined", points) : el("p", {}, "No performance records yet."),
      ...tools.map(toolDetails),
    );
  };
  for (const i of [q, tag, cap, host]) i.addEventListener("input", () => void refresh().catch(showError));
  await refresh();
};

/** One tool: description, tags, schema, and (when opened) its records over time. */
function toolDetails(t: Tool): HTMLElement {
  const history = el("div", { class: "history" });
  const d = el("details", { class: "tool" },
    el("summary", {}, `${t.name} — ${t.server ?? ""}`),
    el("p", {}, t.description ?? ""),
    el("p", {}, `Tags: ${(t.tags ?? []).join(", ") || "—"}; capabilities: ${(t.capabilities ?? []).join(", ") || "—"}`),
    el("pre", {}, JSON.stringify(t.inputSchema ?? {}, null, 2)), history);
  d.addEventListener("toggle", () => {
    if (!d.open || history.childNodes.length) return;
    history.append(el("p", {}, "Loading records…"));
    void (api(`/metadata?mcp_name=${encodeURIComponent(t.name)}&limit=1000`) as Promise<Rec[]>)
      .then((rs) => history.replaceChildren(rs.length ? timeBars(`Calls over time for ${t.name}`, rs) : el("p", {}, "No records for this tool yet.")))
      .catch((err: unknown) => history.replaceChildren(el("p", {}, err instanceof ApiError ? err.detail : String(err))));
  });
  return d;
}

/** Servers: hosted servers' health and breakers, and peers' last errors (admin or metrics scope). */
const serversPage: Page = async (main) => {
  const h = (await api("/healthz")) as { status: string; servers?: Record<string, Record<string, unknown>> };
  if (!h.servers) throw new ApiError(403, "Server details need a token with the admin or metrics scope.");
  let records: Rec[] = [];
  try {
    records = (await api("/metadata?limit=5000")) as Rec[];
  } catch {
    /* records need metadata:read; health shows without them */
  }
  const known = new Set(["state", "restarts", "circuit"]);
  main.append(el("p", {}, `Node status: ${h.status}`), table("Hosted servers", ["Server", "State", "Breaker", "Restarts", "Calls and errors over time", "Details"],
    Object.entries(h.servers).map(([name, s]) => {
      const mine = records.filter((r) => r.mcp_name.startsWith(`${name}.`));
      const fails = mine.filter((r) => !r.success).length;
      const chart = mine.length ? el("div", {}, el("p", {}, `${mine.length} call(s), ${fails} error(s)`), timeBars(`Calls and errors over time for ${name}`, mine)) : "No records yet.";
      return [name, fmt(s.state), el("span", { class: `state state-${fmt(s.circuit)}` }, fmt(s.circuit)), fmt(s.restarts), chart,
        fmt(Object.fromEntries(Object.entries(s).filter(([k]) => !known.has(k))))];
    })));
};

/** Submissions: the governance report of one submission, findings by severity, SARIF download. */
const submissionsPage: Page = async (main) => {
  const name = el("input", { id: "sub-name", type: "text", required: "" });
  const form = el("form", {}, el("label", { for: "sub-name" }, "Submission name"), name, el("button", { type: "submit" }, "Open report"));
  const out = el("div", { id: "report", "aria-live": "polite" });
  main.append(form, out);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void (async () => {
      const r = (await api(`/register/${encodeURIComponent(name.value.trim())}`)) as Record<string, unknown>;
      const report = (r.report ?? r) as { decision?: string; reasons?: string[]; findings?: Record<string, unknown>[]; stages?: Record<string, unknown>[] };
      const findings = report.findings ?? [];
      const bySeverity = new Map<string, Record<string, unknown>[]>();
      for (const f of findings) bySeverity.set(String(f.severity ?? "unknown"), [...(bySeverity.get(String(f.severity ?? "unknown")) ?? []), f]);
      const sarif = el("button", { type: "button" }, "Download SARIF");
      sarif.addEventListener("click", () => void downloadSarif(name.value.trim()).catch(showError));
      out.replaceChildren(
        el("h2", {}, `${name.value.trim()}: ${fmt(report.decision)}`),
        el("p", {}, `Reasons: ${(report.reasons ?? []).join("; ") || "—"}`),
        sarif,
        ...[...bySeverity].map(([sev, fs]) => table(`Findings: ${sev}`, ["Rule", "Tool or file", "Line", "Message"],
          fs.map((f) => [fmt(f.ruleId), fmt(f.file ?? f.tool), fmt(f.line), fmt(f.message)]))),
        ...liveChecks(report.stages ?? [], findings),
        ...(await submissionEvents(name.value.trim())),
      );
    })().catch(showError);
  });
};

/** The live-tool checks: the `live-tools` stage and the findings of the `live` scanner. */
function liveChecks(stages: Record<string, unknown>[], findings: Record<string, unknown>[]): HTMLElement[] {
  const stage = stages.find((s) => s.name === "live-tools");
  const live = findings.filter((f) => f.scanner === "live");
  return [
    el("h3", {}, "Live-tool checks"),
    el("p", { id: "live-stage" }, stage ? `Stage live-tools: ${fmt(stage.status)}, ${fmt(stage.findings)} finding(s) on the live listing (all listed by severity above), ${fmt(stage.ms)} ms${stage.detail ? ` (${fmt(stage.detail)})` : ""}` : "No live-tools stage in this report."),
    table("Live-tool findings", ["Rule", "Severity", "Tool", "Message"], live.map((f) => [fmt(f.ruleId), fmt(f.severity), fmt(f.tool), fmt(f.message)])),
  ];
}

/**
 * Re-check history and quarantine (rug-pull) events for one submission, from the audit log.
 * Needs the audit scope; without it the page says so instead of failing the whole report.
 */
async function submissionEvents(name: string): Promise<HTMLElement[]> {
  try {
    const [quarantines, registrations, rechecks] = (await Promise.all(["quarantine", "register", "recheck"].map((a) => api(`/audit?limit=200&action=${a}`)))) as Record<string, unknown>[][];
    const when = (r: Record<string, unknown>) => String(r.ts ?? r.at ?? "");
    const registers = [...registrations, ...rechecks].sort((a, b) => (when(a) < when(b) ? 1 : when(a) > when(b) ? -1 : 0));
    const mine = (r: Record<string, unknown>) => { const t = String(r.target ?? ""); return t === name || t.startsWith(`${name}.`) || t.startsWith(`${name}@`); };
    const row = (r: Record<string, unknown>) => [fmt(r.ts ?? r.at), fmt(r.actor), fmt(r.outcome), fmt(r.target), fmt(r.detail)];
    return [
      table("Registrations and re-checks", ["Time", "Actor", "Outcome", "Target", "Detail"], registers.filter(mine).map(row)),
      table("Quarantine and rug-pull events", ["Time", "Actor", "Outcome", "Tool", "Detail"], quarantines.filter(mine).map(row)),
    ];
  } catch (err) {
    return [el("p", {}, `History not shown: ${err instanceof ApiError ? err.detail : String(err)}`)];
  }
}

async function downloadSarif(name: string): Promise<void> {
  const text = (await api(`/register/${encodeURIComponent(name)}`, {}, "application/sarif+json")) as string;
  const a = el("a", { href: URL.createObjectURL(new Blob([text], { type: "application/sarif+json" })), download: `${name}.sarif` });
  a.click();
}

interface PeerTrust { status?: string; key?: string | null; reason?: string | null; offeredKeys?: string[]; issuedAt?: string | null; seq?: number | null }

/** A key id or fingerprint shortened for a table cell; the whole value stays in the title. */
function shortKey(key: string): string {
  return key.length > 16 ? `${key.slice(0, 8)}…${key.slice(-6)}` : key;
}

/** Peers: state, last sync, entries, signatures when reported; add and remove (admin). */
const peersPage: Page = async (main) => {
  const peers = (await api("/peers")) as Record<string, unknown>[];
  const url = el("input", { id: "peer-url", type: "url", required: "" });
  const form = el("form", {}, el("label", { for: "peer-url" }, "Add a peer (URL)"), url, el("button", { type: "submit" }, "Add"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void api("/peers", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ url: url.value }) }).then(route).catch(showError);
  });
  main.append(table("Peers", ["Host", "State", "Last sync", "Entries", "Signature", "Key", "Refusal or last error", "Actions"], peers.map((p) => {
    const remove = el("button", { type: "button" }, `Remove ${fmt(p.host)}`);
    remove.addEventListener("click", () => void api(`/peers/${encodeURIComponent(String(p.host))}`, { method: "DELETE" }).then(route).catch(showError));
    const trust = (p.trust ?? {}) as PeerTrust;
    const key = trust.key ?? trust.offeredKeys?.[0];
    return [fmt(p.host), el("span", { class: `state state-${fmt(p.state)}` }, fmt(p.state)), fmt(p.lastSync), fmt(p.tools),
      el("span", { class: `state state-${fmt(trust.status)}` }, fmt(trust.status)),
      key ? el("code", { title: key }, shortKey(key)) : "—", fmt(trust.reason ?? p.lastError), remove];
  })), form);
};

/** Audit: newest first, filtered by action. */
const auditPage: Page = async (main) => {
  const action = el("input", { id: "action", type: "text", pattern: "[a-z-]{1,32}" });
  const form = el("form", { class: "filters" }, el("label", { for: "action" }, "Action"), action, el("button", { type: "submit" }, "Filter"));
  const out = el("div", {});
  const load = async () => {
    const rows = (await api(`/audit?limit=200${action.value ? `&action=${encodeURIComponent(action.value)}` : ""}`)) as Record<string, unknown>[];
    out.replaceChildren(table("Audit log, newest first", ["Time", "Actor", "Action", "Target", "Detail"],
      rows.map((r) => [fmt(r.ts ?? r.at), fmt(r.actor), fmt(r.action), fmt(r.target), fmt(r.detail)])));
  };
  form.addEventListener("submit", (e) => { e.preventDefault(); void load().catch(showError); });
  main.append(form, out);
  await load();
};
