import { glossCjk } from "../../src/engine/retrieval/cjk-gloss";
import { tokenize } from "../../src/engine/retrieval/tokenize";
import { ToolRetriever, type ToolDocument } from "../../src/engine/retrieval/tool-retriever";

function buildTool(name: string, description: string): ToolDocument {
  return { id: name, name, description };
}

describe("glossCjk", () => {
  test.each([
    ["a known word", "菜谱", ["recipe", "recipes"]],
    ["the longest word wins over its prefix", "幻灯片", ["slide", "slides", "presentation"]],
    ["several words in one run", "获取微博热搜", ["get", "fetch", "trending", "search", "hot"]],
    ["unknown text", "哔哩哔哩", []],
  ])("when the run holds %s, then the glosses are as expected", (_case, run, expected) => {
    expect(glossCjk(run)).toEqual(expected);
  });

  test("when Chinese text is tokenized, then its bigrams are kept and the stemmed glosses added", () => {
    expect(tokenize("获取菜谱")).toEqual(["获取", "取菜", "菜谱", "fetch", "recip", "recip"]);
  });
});

describe("English tasks find tools described in Chinese", () => {
  const tools = [
    buildTool("cook.dishes", "根据人数推荐菜谱和一周的膳食计划"),
    buildTool("social.hot", "获取微博热搜榜，实时热门话题"),
    buildTool("rail.tickets", "查询火车余票信息"),
    buildTool("files.read", "Read a text file from disk"),
    buildTool("notes.write", "Write a note to the notebook"),
  ];
  const retriever = new ToolRetriever(tools);

  test.each([
    ["recommend a recipe for dinner", "cook.dishes"],
    ["what are the trending topics today", "social.hot"],
    ["find train tickets to Beijing", "rail.tickets"],
  ])("when the task says %s, then the Chinese-described tool comes first", (query, expected) => {
    expect([...retriever.search(query, 3).keys()][0]).toBe(expected);
  });

  test("when a Chinese query asks to read a file, then the English-described tool is found", () => {
    expect([...retriever.search("读取文件", 3).keys()][0]).toBe("files.read");
  });
});

describe("stop words in several languages", () => {
  test.each([
    ["Spanish", "buscar el clima de la ciudad", ["buscar", "clima", "ciudad"]],
    ["French", "chercher les fichiers dans le dossier", ["cherch", "fichi", "dossi"]],
    ["German, where English words stay", "suche die Dateien mit dem Namen", ["such", "die", "dateien", "mit", "namen"]],
    ["Russian", "найти файлы в папке", ["найти", "файлы", "папке"]],
    ["English content words kept", "sin of an angle", ["sin", "angl"]],
    ["abbreviations kept", "del key in os", ["del", "key", "os"]],
    ["Chinese particles break bigrams", "我的文件", ["我", "文件", "file"]],
    ["Japanese particles break bigrams", "天気を検索", ["天気", "検索"]],
  ])("when the text is %s, then function words are dropped", (_case, text, expected) => {
    expect(tokenize(text)).toEqual(expected);
  });
});
