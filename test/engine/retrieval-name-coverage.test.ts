import { DEFAULT_RETRIEVER, ToolRetriever, type ToolDocument } from "../../src/engine/retrieval/tool-retriever";

function buildTool(name: string, description: string): ToolDocument {
  return { id: name, name, description };
}

/** Tools where a rare word of the task ("save") sits in other tools' names and descriptions. */
const TOOLS = [
  buildTool("fs.write_file", "Create a new file or overwrite an existing file with new content."),
  buildTool("svg.save_svg_code", "Save SVG code as an SVG file and return its path."),
  buildTool("slides.save_presentation", "Save the presentation to a file."),
  buildTool("browser.save_as_pdf", "Save the current page as a PDF file."),
  buildTool("fs.read_file", "Read the complete contents of a file."),
  buildTool("fs.list_directory", "List the files and folders in a directory."),
];

function first(params = DEFAULT_RETRIEVER, query = "save the report to a file"): string {
  return [...new ToolRetriever(TOOLS, params).search(query, 3).keys()][0];
}

describe("name coverage", () => {
  test("when a step holds every term of a tool's name, then that tool comes first", () => {
    expect(first()).toBe("fs.write_file");
  });

  test("when name coverage is off, then a rarer word in another tool's name wins", () => {
    expect(first({ ...DEFAULT_RETRIEVER, nameCoverage: 0 })).not.toBe("fs.write_file");
  });

  test("when a query names a tool's words directly, then coverage does not change the winner", () => {
    expect(first(DEFAULT_RETRIEVER, "list the directory")).toBe("fs.list_directory");
  });
});
