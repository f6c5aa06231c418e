import { DEFAULT_RETRIEVER, ToolRetriever, type ToolDocument } from "../../src/engine/retrieval/tool-retriever";

function buildTool(name: string, description: string): ToolDocument {
  return { id: name, name, description };
}

/** Tools of other domains, so that the recipe words are rare in the catalog. */
const FILLERS = [
  "Convert a temperature between Celsius and Fahrenheit",
  "Upload an image to the gallery",
  "Translate a sentence into another language",
  "Show the stock price of a ticker",
  "Send an email to a contact",
  "Clone a git repository",
  "Render a bar chart from numbers",
  "Geocode an address into coordinates",
  "Summarize an article from a feed",
  "Play a song from the playlist",
  "Count the words of a document",
  "Schedule a meeting in the calendar",
  "Resize a photo to thumbnails",
  "Query a SQL database table",
  "Compress a folder into an archive",
  "Check the weather forecast of a city",
  "Take a screenshot of a browser tab",
  "Look up a word in the dictionary",
  "Start a countdown timer",
  "Measure the latency of a host",
].map((d, i) => buildTool(`misc${i}.tool_${i}`, d));

describe("pseudo-relevance feedback", () => {
  const tools = [
    buildTool("recipes.what_to_eat", "Suggest dishes for a dinner party: recipes with their ingredients."),
    buildTool("recipes.get_recipe", "Look up one recipe by its id: ingredients and preparation steps."),
    ...FILLERS,
  ];
  const query = "plan a potluck dinner for four";

  test("when a tool shares the best match's rare words but none of the query's, then feedback finds it", () => {
    const found = [...new ToolRetriever(tools).search(query, 5).keys()];
    expect(found[0]).toBe("recipes.what_to_eat");
    expect(found).toContain("recipes.get_recipe");
  });

  test("when feedback is off, then that tool is not found (the words of the query alone miss it)", () => {
    const found = [...new ToolRetriever(tools, { ...DEFAULT_RETRIEVER, feedbackDocs: 0 }).search(query, 5).keys()];
    expect(found).toEqual(["recipes.what_to_eat"]);
  });

  test("when the query is short, then it gets no feedback: it names what it wants", () => {
    const found = [...new ToolRetriever(tools).search("potluck dinner", 5).keys()];
    expect(found).toEqual(["recipes.what_to_eat"]);
  });

  test("when the shared words are in more than a tenth of the catalog, then they are not fed back", () => {
    // "party" and "guests" now also describe most fillers: they say nothing about the task
    const common = FILLERS.map((t) => ({ ...t, description: `${t.description} for party guests` }));
    const withCommon = [
      buildTool("recipes.what_to_eat", "Suggest dishes for a dinner: party guests."),
      buildTool("events.invite", "Send invitations to party guests."),
      ...common,
    ];
    const found = [...new ToolRetriever(withCommon).search(query, 5).keys()];
    expect(found).toEqual(["recipes.what_to_eat"]);
  });
});
