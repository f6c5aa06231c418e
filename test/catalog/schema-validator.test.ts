import { performance } from "node:perf_hooks";
import request from "supertest";
import { SchemaValidators } from "../../src/catalog/schema-validator";
import { auth, startTestNode, type TestNode } from "../support/test-node";
import { startToolServer, type ToolServer } from "../support/tool-server";

const EVIL = "^(a+)+$";
// 2^30 backtracking steps for a RegExp: many seconds; RE2: microseconds
const ATTACK = `${"a".repeat(30)}!`;

/** Guards issue 12: "a tool inputSchema with an exponential pattern stalls the event loop". */
describe("patterns run in linear time", () => {
  test.each([
    ["pattern", { type: "object", properties: { s: { type: "string", pattern: EVIL } } }, { s: ATTACK }],
    ["patternProperties", { type: "object", patternProperties: { [EVIL]: { type: "number" } } }, { [ATTACK]: 1 }],
    ["2020-12 pattern", { $schema: "https://json-schema.org/draft/2020-12/schema", type: "object", properties: { s: { type: "string", pattern: EVIL } } }, { s: ATTACK }],
  ])("when a %s is exponential for backtracking, then validation still takes under 100 ms", (_label, schema, value) => {
    const validate = new SchemaValidators().compile(schema)!;
    expect(validate).toBeDefined();
    const started = performance.now();
    validate(value);
    expect(performance.now() - started).toBeLessThan(100);
  });

  test("when a pattern matches or not, then the result is the usual one", () => {
    const validate = new SchemaValidators().compile({ type: "object", properties: { s: { type: "string", pattern: "^[a-z]+-\\d{2}$" } } })!;
    expect(validate({ s: "abc-12" })).toBeUndefined();
    expect(validate({ s: "abc-1" })).toEqual([expect.objectContaining({ path: "kwargs.s" })]);
  });
});

/** Guards issue 12: "a schema with a $id lets arguments that violate it through to the call". */
describe("schemas with $id", () => {
  const withId = (type: string) => ({ $id: "https://schemas.example/args", type: "object", properties: { n: { type } }, required: ["n"] });

  test("when the same schema (same $id) is compiled twice, then both validators enforce it", () => {
    const validators = new SchemaValidators();
    const first = validators.compile(withId("number"))!;
    const second = validators.compile(withId("number"))!;
    expect(second).toBeDefined();
    expect(first({ n: "x" })).toBeDefined();
    expect(second({ n: "x" })).toBeDefined();
  });

  test("when two tools' schemas share a $id, then each enforces its own", () => {
    const validators = new SchemaValidators();
    const numbers = validators.compile(withId("number"))!;
    const strings = validators.compile(withId("string"))!;
    expect(numbers({ n: 1 })).toBeUndefined();
    expect(numbers({ n: "x" })).toBeDefined();
    expect(strings({ n: "x" })).toBeUndefined();
    expect(strings({ n: 1 })).toBeDefined();
  });
});

describe("through a running node", () => {
  let t: TestNode;
  let remote: ToolServer;
  beforeAll(async () => {
    remote = await startToolServer([
      { name: "grep", description: "Matches a line against a pattern.", inputSchema: { type: "object", properties: { line: { type: "string", pattern: EVIL } }, required: ["line"] } },
      { name: "count", description: "Counts to n.", inputSchema: { $id: "https://schemas.example/count", type: "object", properties: { n: { type: "number" } }, required: ["n"] } },
    ]);
    t = await startTestNode({ governance: { allowPrivateRemotes: true, semgrep: { bin: "/nonexistent/semgrep" } } });
    const reg = await request(t.node.app)
      .post("/register")
      .set(auth())
      .send({ name: "textkit", description: "Text utilities for partner pipelines", version: "1.0.0", license: "MIT", remote: { type: "streamable-http", url: remote.url } });
    expect(reg.status).toBe(201);
  });
  afterAll(async () => {
    await t.close();
    await remote.close();
  });

  test("when a call's argument attacks the pattern, then 400 and /healthz answers meanwhile", async () => {
    // with a backtracking engine this pattern keeps the event loop busy for seconds (2^30 steps);
    // the bound leaves room for a loaded machine, not for a stall
    const started = performance.now();
    let healthMs = Infinity;
    const [exec, health] = await Promise.all([
      request(t.node.app).post("/execute").set(auth()).send({ mcp_name: "textkit.grep", kwargs: { line: ATTACK } }),
      request(t.node.app)
        .get("/healthz")
        .then((res) => {
          healthMs = performance.now() - started;
          return res;
        }),
    ]);
    expect(exec.status).toBe(400);
    expect(exec.body.errors).toEqual([expect.objectContaining({ path: "kwargs.line" })]);
    expect(health.status).toBe(200);
    expect(healthMs).toBeLessThan(250);
  });

  test("when a published schema has a $id, then arguments that violate it are refused before the call", async () => {
    const bad = await request(t.node.app).post("/execute").set(auth()).send({ mcp_name: "textkit.count", kwargs: { n: "not a number" } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: "kwargs.n" })]);
    const good = await request(t.node.app).post("/execute").set(auth()).send({ mcp_name: "textkit.count", kwargs: { n: 3 } });
    expect(good.status).toBe(200);
  });
});
