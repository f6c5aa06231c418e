import { FederatedEngine, type LocalTool } from "../../src/engine";
import { Bm25fIndex } from "../../src/engine/retrieval/bm25f-index";
import { planQuery, describePaths } from "../../src/engine/retrieval/query-plan";
import { stem } from "../../src/engine/retrieval/stem";
import { tokenize } from "../../src/engine/retrieval/tokenize";
import { DEFAULT_RETRIEVER, ToolRetriever, type ToolDocument } from "../../src/engine/retrieval/tool-retriever";

/** A tool document; `server.tool` names give the server. */
function buildTool(name: string, description: string, overrides: Partial<ToolDocument> = {}): ToolDocument {
  return { id: name, name, description, ...overrides };
}

function buildLocalTool(name: string, description: string, overrides: Partial<LocalTool> = {}): LocalTool {
  return { name, description, version: "1.0.0", tags: [], capabilities: [], inputSchema: { type: "object" }, executable: true, ...overrides };
}

function ids(retriever: ToolRetriever, query: string, max = 10): string[] {
  return [...retriever.search(query, max).keys()];
}

describe("tokenize", () => {
  test.each([
    ["snake_case", "get_historical_stock_prices", ["historic", "stock", "pric"]],
    ["camelCase", "recommendMeals", ["recommend", "meal"]],
    ["acronym then word", "parseHTMLPage", ["pars", "html", "page"]],
    ["dots and dashes", "everything.get-sum", ["everyth", "sum"]],
    ["letters and digits", "mind2web", ["mind", "2", "web"]],
    ["stop words dropped", "show me the weather in Paris", ["weath", "paris"]],
    ["single Latin letters dropped", "today's news", ["today", "new"]],
    ["accented Latin kept whole", "Café naïve", ["café", "naïve"]],
    ["Chinese as bigrams, known words glossed", "必应搜索", ["必应", "应搜", "搜索", "search"]],
    ["a lone CJK character", "查 weather", ["查", "weath"]],
    ["Korean as bigrams", "한국어", ["한국", "국어"]],
  ])("when the text has %s, then its terms are as expected", (_case, text, expected) => {
    expect(tokenize(text)).toEqual(expected);
  });

  test.each([
    ["convert", "converting"],
    ["convert", "converts"],
    ["file", "files"],
    ["create", "creating"],
    ["repository", "repositories"],
    ["presentation", "presentations"],
  ])("when %s and %s are stemmed, then they meet", (a, b) => {
    expect(stem(a)).toBe(stem(b));
  });
});

describe("query plan", () => {
  test.each([
    ["a single step stays whole", "search the web for cats", ["search the web for cats"]],
    ["'and then' splits", "find the weather and then email it", ["find the weather and then email it", "find the weather", "email it"]],
    ["commas split", "fetch the page, summarise it, save a file", ["fetch the page, summarise it, save a file", "fetch the page", "summarise it", "save a file"]],
    ["a sentence end splits", "Read the paper. Then write a report.", ["Read the paper. Then write a report.", "Read the paper", "write a report"]],
    ["a step of stop words only is dropped", "search cats, and then", ["search cats, and then"]],
    ["Chinese sequencing splits", "搜索新闻然后写报告", ["搜索新闻然后写报告", "搜索新闻", "写报告"]],
  ])("when %s, then the steps are as expected", (_case, query, expected) => {
    expect(planQuery(query)).toEqual(expected);
  });

  test.each([
    ["a Unix path", "save it at /root/html/ai.html please", "file html"],
    ["a directory", "what is in /root/music?", "directory"],
    ["a file name", "open report.docx now", "file docx"],
    ["a URL", "watch https://www.youtube.com/watch?v=abc now", "url youtube"],
  ])("when the query holds %s, then it reads as a kind of file", (_case, query, expected) => {
    expect(describePaths(query)).toContain(expected);
    expect(describePaths(query)).not.toMatch(/root|watch\?v/);
  });
});

describe("ToolRetriever", () => {
  const tools = [
    buildTool("fs.read_file", "Read the complete contents of a file from disk.", { inputSchema: { properties: { path: { description: "Path of the file" } } } }),
    buildTool("fs.write_file", "Create a new file or overwrite an existing one with new content.", { inputSchema: { properties: { path: {}, content: {} } } }),
    buildTool("fs.list_directory", "List the entries of a directory."),
    buildTool("web.web_search", "Search the web with a search engine and return result snippets."),
    buildTool("web.fetchPage", "Fetch a URL and return the page as markdown."),
    buildTool("slides.create_presentation", "Create a new PowerPoint deck.", { serverDescription: "Make slide decks" }),
    buildTool("slides.add_slide", "Add a slide to a deck.", { serverDescription: "Make slide decks" }),
    buildTool("weather.forecast", "Weather forecast for a city for the next days.", { tags: ["climate"] }),
    buildTool("stocks.quote", "Latest price of a ticker symbol.", { inputSchema: { properties: { symbol: { description: "Ticker, e.g. AAPL; also accepts a currency pair for exchange rates" } } } }),
    buildTool("fx.exchange_rate", "Exchange rate between two currencies."),
    buildTool("cn.bing_search", "使用必应搜索指定的关键词，并返回搜索结果列表"),
    buildTool("git.clone_repository", "Clone a git repository into a local folder."),
    buildTool("maps.geocode", "Turn an address into coordinates.", { inputSchema: { properties: { weather_hint: { description: "ignored" } } } }),
  ];
  const retriever = new ToolRetriever(tools);

  test.each([
    ["a word of the tool name (snake_case)", "exchange rate", "fx.exchange_rate"],
    ["a word of the tool name (camelCase)", "fetch page", "web.fetchPage"],
    ["the name outweighs a parameter description", "exchange rate for two currencies", "fx.exchange_rate"],
    ["a tag", "climate", "weather.forecast"],
    ["a parameter name", "symbol", "stocks.quote"],
    ["the server's description", "slide decks", "slides.add_slide"],
    ["a server name", "weather", "weather.forecast"],
    ["an inflected word", "listing directories", "fs.list_directory"],
    ["an abbreviation", "clone a repo", "git.clone_repository"],
    ["a synonym", "make a ppt", "slides.create_presentation"],
    ["a Chinese query", "必应搜索", "cn.bing_search"],
  ])("when the query matches %s, then that tool comes first", (_case, query, expected) => {
    expect(ids(retriever, query)[0]).toBe(expected);
  });

  test("when a parameter mentions a word, then a tool named after it ranks higher", () => {
    const order = ids(retriever, "weather");
    expect(order.indexOf("weather.forecast")).toBeLessThan(order.indexOf("maps.geocode"));
  });

  test.each([
    ["search the web for cat facts, then write them to /tmp/cats.md", ["web.web_search", "fs.write_file"]],
    ["read /data/in.txt and then make a deck of slides from it", ["fs.read_file", "slides.create_presentation"]],
    ["what is the weather in Oslo, and the exchange rate of NOK to EUR", ["weather.forecast", "fx.exchange_rate"]],
  ])("when a task has several steps (%s), then each step's tool is in the top 3", (query, expected) => {
    expect(ids(retriever, query, 3)).toEqual(expect.arrayContaining(expected));
  });

  test("when results come back, then relevance is 1 for the best and decreasing after", () => {
    const rel = [...retriever.search("read a file", 5).values()];
    expect(rel[0]).toBe(1);
    for (let i = 1; i < rel.length; i++) expect(rel[i]).toBeLessThanOrEqual(rel[i - 1]);
  });

  test("when the query is a megabyte long, then only its first 2000 characters are read", () => {
    const started = Date.now();
    const hits = retriever.search(`read a file ${"lorem ipsum dolor ".repeat(60_000)}`, 5);
    expect(Date.now() - started).toBeLessThan(1000);
    expect([...hits.keys()][0]).toBe("fs.read_file");
    // words past the bound are not read at all
    expect(retriever.search(`${"lorem ".repeat(400)} read a file`, 5).size).toBe(0);
  });

  test.each([["the and of"], ["   "], ["zzzqqq"]])("when the query %j has no known term, then nothing is found", (query) => {
    expect(retriever.search(query, 10).size).toBe(0);
  });
});

describe("diversification across servers", () => {
  const tools = [
    buildTool("a.search_notes", "Search notes by keyword."),
    buildTool("a.search_notes_by_tag", "Search notes by tag."),
    buildTool("a.search_notes_by_date", "Search notes by date."),
    buildTool("b.find_notes", "Find a note."),
  ];

  test.each([
    [0, 3],
    [1, 1],
  ])("when diversity is %d, then the other server's tool comes at position %d", (diversity, position) => {
    const retriever = new ToolRetriever(tools, { ...DEFAULT_RETRIEVER, diversity });
    expect(ids(retriever, "search notes").indexOf("b.find_notes")).toBe(position);
  });
});

describe("Bm25fIndex at scale", () => {
  const docs = Array.from({ length: 10_000 }, (_, i) => ({ id: `t${i}`, fields: { name: i % 2000 === 0 ? "alpha omega" : "alpha", description: `tool ${i}` } }));
  const index = new Bm25fIndex(docs);

  test("when a term is in more than half of a large catalog and a rarer one is asked too, then only the rarer one selects", () => {
    const hits = index.top(new Map([["alpha", 1], ["omega", 1]]), 50);
    expect(hits.map((h) => index.ids[h.doc])).toEqual(["t0", "t2000", "t4000", "t6000", "t8000"]);
  });

  test("when the query has only common terms, then they still find documents", () => {
    expect(index.top(new Map([["alpha", 1]]), 50)).toHaveLength(50);
  });

  test("when queries follow each other, then no score leaks from one to the next", () => {
    const first = index.top(new Map([["omega", 1]]), 10);
    index.top(new Map([["alpha", 1]]), 10);
    expect(index.top(new Map([["omega", 1]]), 10)).toEqual(first);
  });
});

describe("engine.rank with a query: relevance before objectives", () => {
  const tools = [
    buildLocalTool("docs.search_documents", "Search documents by keyword."),
    buildLocalTool("web.fetch_url", "Fetch a URL; the result page of a search engine works too."),
    buildLocalTool("a.search_tickets", "Search support tickets by keyword."),
    buildLocalTool("b.search_tickets", "Search support tickets by keyword."),
  ];
  const engineWith = (observations: [string, boolean, number][]) => {
    const engine = new FederatedEngine({ localTools: () => tools, localRevision: () => 1 });
    for (const [name, success, latency] of observations) engine.observe({ mcp_name: name, success, latency_ms: latency, cost: 0 });
    return engine;
  };
  const fails = (name: string, n: number): [string, boolean, number][] => Array.from({ length: n }, () => [name, false, 5000]);
  const succeeds = (name: string, n: number): [string, boolean, number][] => Array.from({ length: n }, () => [name, true, 5]);

  test("when a weakly relevant tool is fast and reliable, then it still ranks below the relevant one", () => {
    const engine = engineWith([...fails("docs.search_documents", 20), ...succeeds("web.fetch_url", 50)]);
    const ranked = engine.rank({ query: "search documents" });
    expect(ranked[0].id).toBe("docs.search_documents");
    expect(ranked[0].objectives.relevance).toBe(1);
    expect(ranked.findIndex((r) => r.id === "web.fetch_url")).toBeGreaterThan(0);
    // on objectives alone the fast tool dominates: it is in a better front, yet ranked lower
    const fetch = ranked.find((r) => r.id === "web.fetch_url")!;
    expect(fetch.front).toBeLessThan(ranked[0].front);
  });

  test.each([
    ["no observations: ties by id", [], ["a.search_tickets", "b.search_tickets"]],
    ["b observed better", [...succeeds("b.search_tickets", 30), ...fails("a.search_tickets", 30)], ["b.search_tickets", "a.search_tickets"]],
    ["a observed better", [...succeeds("a.search_tickets", 30), ...fails("b.search_tickets", 30)], ["a.search_tickets", "b.search_tickets"]],
  ] as [string, [string, boolean, number][], string[]][])("when two tools are equally relevant (%s), then quality orders them", (_case, observations, expected) => {
    const ranked = engineWith(observations).rank({ query: "support tickets" });
    expect(ranked.slice(0, 2).map((r) => r.id)).toEqual(expected);
    expect(ranked[0].objectives.relevance).toBe(ranked[1].objectives.relevance);
  });

  test("when tag or capability filters apply, then only matching hits are ranked and relevance is renormalised", () => {
    const tagged = [buildLocalTool("x.search_notes", "Search notes.", { tags: ["notes"] }), buildLocalTool("y.search_notes_fast", "Search notes and notebooks quickly.")];
    const engine = new FederatedEngine({ localTools: () => tagged, localRevision: () => 1 });
    const ranked = engine.rank({ query: "search notebooks", tag: "notes" });
    expect(ranked.map((r) => r.id)).toEqual(["x.search_notes"]);
    expect(ranked[0].objectives.relevance).toBe(1);
  });

  test("when the local tools change, then the cached index follows the revision", () => {
    let list = [buildLocalTool("a.alpha", "First tool.")];
    let rev = 1;
    const engine = new FederatedEngine({ localTools: () => list, localRevision: () => rev });
    expect(engine.rank({ query: "beta" })).toEqual([]);
    list = [...list, buildLocalTool("b.beta", "Second tool.")];
    rev = 2;
    expect(engine.rank({ query: "beta" }).map((r) => r.id)).toEqual(["b.beta"]);
  });
});
