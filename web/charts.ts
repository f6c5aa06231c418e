interface Point { label: string; x: number; y: number }

/** Points no other point beats on both lower x (latency) and higher y (success). */
function paretoFront(points: Point[]): Set<Point> {
  const front = new Set<Point>();
  for (const p of points) {
    const dominated = points.some((q) => q !== p && q.x <= p.x && q.y >= p.y && (q.x < p.x || q.y > p.y));
    if (!dominated) front.add(p);
  }
  return front;
}

const SVG = "http://www.w3.org/2000/svg";
function svgEl(tag: string, attrs: Record<string, string>): SVGElement {
  const n = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
  return n;
}

/** Success (y, 0..1) against latency (x, ms); the Pareto front is drawn filled and joined. */
function scatter(title: string, points: Point[]): SVGElement {
  const w = 320, h = 200, pad = 30;
  const svg = svgEl("svg", { viewBox: `0 0 ${w} ${h}`, role: "img", "aria-label": title, class: "chart" });
  const t = svgEl("title", {});
  t.textContent = title;
  svg.append(t);
  const maxX = Math.max(1, ...points.map((p) => p.x));
  const px = (x: number) => pad + (x / maxX) * (w - 2 * pad);
  const py = (y: number) => h - pad - y * (h - 2 * pad);
  svg.append(svgEl("line", { x1: String(pad), y1: String(h - pad), x2: String(w - pad), y2: String(h - pad), class: "axis" }));
  svg.append(svgEl("line", { x1: String(pad), y1: String(pad), x2: String(pad), y2: String(h - pad), class: "axis" }));
  const front = [...paretoFront(points)].sort((a, b) => a.x - b.x);
  if (front.length > 1) svg.append(svgEl("polyline", { points: front.map((p) => `${px(p.x)},${py(p.y)}`).join(" "), class: "front" }));
  for (const p of points) {
    const c = svgEl("circle", { cx: String(px(p.x)), cy: String(py(p.y)), r: "4", class: front.includes(p) ? "dot on-front" : "dot" });
    const tip = svgEl("title", {});
    tip.textContent = `${p.label}: ${(p.y * 100).toFixed(0)}% success, ${p.x.toFixed(0)} ms`;
    c.append(tip);
    svg.append(c);
  }
  return svg;
}
