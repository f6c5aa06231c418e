import { stem } from "../../src/engine/retrieval/stem";

describe("stem: verb and noun forms meet", () => {
  test.each([
    ["recommend", "recommendations"],
    ["install", "installation"],
    ["configure", "configuration"],
    ["present", "presentation"],
    ["translate", "translation"],
    ["calculate", "calculator"],
    ["notify", "notification"],
    ["classify", "classification"],
    ["compare", "comparison"],
    ["analyze", "analysis"],
    ["analyse", "analyzing"],
    ["summarise", "summarize"],
    ["organise", "organization"],
    ["describe", "description"],
    ["transcribe", "transcript"],
    ["subscribe", "subscriptions"],
    ["update", "updating"],
    ["create", "creation"],
  ])("when %s and %s are stemmed, then they meet", (a, b) => {
    expect(stem(a)).toBe(stem(b));
  });

  test.each([
    ["format", "form"],
    ["repeat", "rep"],
    ["chat", "chart"],
  ])("when %s and %s are different words, then they stay apart", (a, b) => {
    expect(stem(a)).not.toBe(stem(b));
  });

  test("when a word has digits or another script, then it is left alone", () => {
    expect(stem("mp3s")).toBe("mp3s");
    expect(stem("файлы")).toBe("файлы");
  });
});
