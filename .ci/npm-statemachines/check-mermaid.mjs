// Parses each Mermaid file named on the command line with Mermaid's own
// parser (jsdom provides the DOM Mermaid's sanitiser needs; nothing is
// rendered or fetched). Prints one line per file that does not parse and
// exits 1 if any.
import { readFileSync } from "node:fs";

const { JSDOM } = await import("jsdom");
const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");

let failed = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, "utf8");
  try {
    const result = await mermaid.parse(text);
    if (!result || result.diagramType !== "stateDiagram") {
      throw new Error(`not a state diagram: ${JSON.stringify(result)}`);
    }
  } catch (error) {
    failed += 1;
    console.log(`${file}: ${String(error.message).split("\n").slice(0, 4).join(" | ")}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
