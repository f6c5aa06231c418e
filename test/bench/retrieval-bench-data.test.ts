// The retrieval bench's committed tasks (bench/data/retrieval): both task files have the
// LiveMCPBench shape bench/retrieval-data.js reads. tasks-dev.json is upstream data kept
// unchanged (it carries a few upstream slips, so only its shape is checked); tasks-heldout.json
// is the project's own set and is held to its annotation rules: real tool names from tools.json,
// counts that match, 1 to 4 tools per task, no tool named in the question, wide server coverage.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const DATA = join(__dirname, "../../bench/data/retrieval");

interface Task {
  task_id: string;
  Question: string;
  answers: string;
  category: string;
  file_name: string;
  "Annotator Metadata": { Steps: string; "Number of steps": string; Tools: string; "Number of tools": string };
}
interface ServerEntry { name: string; category: string; tools: Record<string, { tools: Array<{ name: string }> }> }

const readJson = <T>(file: string): T => JSON.parse(readFileSync(join(DATA, file), "utf8")) as T;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const NUMBERED = /^\s*\d+\.\s*\S/;

/** The tool names of a task, parsed the way bench/retrieval-data.js parses them. */
const toolsOf = (t: Task): string[] =>
  t["Annotator Metadata"].Tools.split("\n").map((l) => l.replace(/^\s*\d+\.\s*/, "").trim()).filter(Boolean);

const servers = readJson<ServerEntry[]>("tools.json");
/** Tool name → names of the servers that define a tool of that name. */
const owners = new Map<string, Set<string>>();
for (const s of servers) {
  for (const def of Object.values(s.tools)) {
    for (const tool of def.tools) owners.set(tool.name, (owners.get(tool.name) ?? new Set()).add(s.name));
  }
}

describe.each(["tasks-dev.json", "tasks-heldout.json"])("%s", (file) => {
  const tasks = readJson<Task[]>(file);

  it("is a list of annotated tasks in the LiveMCPBench shape", () => {
    expect(tasks.length).toBeGreaterThan(0);
    for (const t of tasks) {
      expect(t.task_id).toMatch(UUID);
      expect(t.Question.trim().length).toBeGreaterThan(10);
      expect(t.category).toEqual(expect.any(String));
      const meta = t["Annotator Metadata"];
      expect(meta.Steps.trim().length).toBeGreaterThan(0);
      expect(meta["Number of tools"]).toMatch(/^\d+$/);
      const lines = meta.Tools.split("\n").filter((l) => l.trim());
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) expect(l).toMatch(NUMBERED);
    }
    expect(new Set(tasks.map((t) => t.task_id)).size).toBe(tasks.length);
  });
});

describe("tasks-heldout.json", () => {
  const held = readJson<Task[]>("tasks-heldout.json");
  const dev = readJson<Task[]>("tasks-dev.json");

  it("is new: at least 60 tasks, none sharing an id or a question with the dev tasks", () => {
    expect(held.length).toBeGreaterThanOrEqual(60);
    expect(statSync(join(DATA, "tasks-heldout.json")).size).toBeLessThan(256 * 1024);
    const devIds = new Set(dev.map((t) => t.task_id));
    const devQuestions = new Set(dev.map((t) => t.Question.trim().toLowerCase()));
    for (const t of held) {
      expect(devIds.has(t.task_id)).toBe(false);
      expect(devQuestions.has(t.Question.trim().toLowerCase())).toBe(false);
    }
    expect(new Set(held.map((t) => t.Question)).size).toBe(held.length);
  });

  it("lists only tools that exist in tools.json, 1 to 4 distinct ones per task, with matching counts", () => {
    for (const t of held) {
      const tools = toolsOf(t);
      for (const name of tools) expect([t.task_id, name, owners.has(name)]).toEqual([t.task_id, name, true]);
      expect(new Set(tools).size).toBe(tools.length);
      expect(tools.length).toBeGreaterThanOrEqual(1);
      expect(tools.length).toBeLessThanOrEqual(4);
      expect(t["Annotator Metadata"]["Number of tools"]).toBe(String(tools.length));
      const steps = t["Annotator Metadata"].Steps.split("\n").filter((l) => l.trim());
      expect(t["Annotator Metadata"]["Number of steps"]).toBe(String(steps.length));
    }
  });

  it("mixes single-tool and multi-step tasks", () => {
    const single = held.filter((t) => toolsOf(t).length === 1).length / held.length;
    expect(single).toBeGreaterThanOrEqual(0.2);
    expect(single).toBeLessThanOrEqual(0.4);
    // A task spans servers when no single server defines every tool it lists.
    const crossServer = held.filter((t) => {
      const sets = toolsOf(t).map((n) => owners.get(n) ?? new Set<string>());
      const common = [...sets[0]].filter((srv) => sets.every((o) => o.has(srv)));
      return common.length === 0;
    });
    expect(crossServer.length).toBeGreaterThanOrEqual(15);
  });

  it("never names a tool identifier in the question", () => {
    for (const t of held) {
      for (const name of toolsOf(t)) {
        // Plain words such as "search" or "tempo" are everyday language; identifiers are not.
        if (!/[_-]|[a-z][A-Z]/.test(name)) continue;
        expect([t.task_id, t.Question.toLowerCase().includes(name.toLowerCase())]).toEqual([t.task_id, false]);
      }
    }
  });

  it("covers at least 40 servers and every server category of tools.json", () => {
    const reached = new Set<string>();
    for (const t of held) for (const name of toolsOf(t)) for (const s of owners.get(name) ?? []) reached.add(s);
    expect(reached.size).toBeGreaterThanOrEqual(40);
    const categories = new Set(servers.filter((s) => reached.has(s.name)).map((s) => s.category));
    expect(categories).toEqual(new Set(servers.map((s) => s.category)));
  });

  it("has questions in other languages than English", () => {
    const cjk = held.filter((t) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(t.Question)).length;
    const otherLatin = held.filter((t) => /\b(quiero|voy|para|und|ich|wird|dans|puis|pour)\b/i.test(t.Question)).length;
    expect(cjk).toBeGreaterThanOrEqual(4);
    expect(otherLatin).toBeGreaterThanOrEqual(3);
  });
});
