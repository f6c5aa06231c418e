/** Builds an element; text is always set as text, never parsed as HTML. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

/** A table with a caption (its accessible name) and one header row. */
function table(caption: string, headers: string[], rows: (Node | string)[][]): HTMLElement {
  const t = el("table", {}, el("caption", {}, caption));
  t.append(el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", { scope: "col" }, h)))));
  const body = el("tbody");
  for (const r of rows) body.append(el("tr", {}, ...r.map((c) => el("td", {}, c))));
  if (rows.length === 0) body.append(el("tr", {}, el("td", { colspan: String(headers.length) }, "Nothing to show.")));
  t.append(body);
  return el("div", { class: "scroll" }, t);
}

function fmt(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}
