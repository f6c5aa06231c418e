interface Bucket { start: number; calls: number; failures: number }
interface TimedRec { success: boolean; ts: string }

/** Splits records into `n` equal time buckets from the oldest to the newest record. */
function bucketize(records: TimedRec[], n = 12): Bucket[] {
  const times = records.map((r) => Date.parse(r.ts)).filter((t) => Number.isFinite(t));
  if (times.length === 0) return [];
  const hi = Math.max(...times), oldest = Math.min(...times);
  // records all at one moment: one-minute buckets ending there, so the bar keeps its width
  const width = oldest === hi ? 60_000 : (hi - oldest) / n;
  const lo = oldest === hi ? hi - (n - 1) * width : oldest;
  const buckets: Bucket[] = Array.from({ length: n }, (_, i) => ({ start: lo + i * width, calls: 0, failures: 0 }));
  for (const r of records) {
    const t = Date.parse(r.ts);
    if (!Number.isFinite(t)) continue;
    const b = buckets[Math.min(n - 1, Math.floor((t - lo) / width))];
    b.calls++;
    if (!r.success) b.failures++;
  }
  return buckets;
}

/** Calls per time bucket as bars; the failed part of each bar is drawn in the alert colour. */
function timeBars(title: string, records: TimedRec[]): SVGElement {
  const buckets = bucketize(records);
  const w = 320, h = 120, pad = 20;
  const svg = svgEl("svg", { viewBox: `0 0 ${w} ${h}`, role: "img", "aria-label": title, class: "chart timeline" });
  const t = svgEl("title", {});
  const calls = buckets.reduce((s, b) => s + b.calls, 0), failures = buckets.reduce((s, b) => s + b.failures, 0);
  t.textContent = `${title}: ${calls} call(s), ${failures} failed`;
  svg.append(t, svgEl("line", { x1: String(pad), y1: String(h - pad), x2: String(w - pad), y2: String(h - pad), class: "axis" }));
  const max = Math.max(1, ...buckets.map((b) => b.calls));
  const bw = (w - 2 * pad) / Math.max(1, buckets.length);
  const py = (v: number) => (v / max) * (h - 2 * pad);
  buckets.forEach((b, i) => {
    if (b.calls === 0) return;
    const x = pad + i * bw + 1;
    const ok = b.calls - b.failures;
    const g = svgEl("g", { class: "bucket" });
    const tip = svgEl("title", {});
    tip.textContent = `${new Date(b.start).toISOString()}: ${b.calls} call(s), ${b.failures} failed`;
    g.append(tip);
    if (ok > 0) g.append(svgEl("rect", { x: String(x), y: String(h - pad - py(ok)), width: String(bw - 2), height: String(py(ok)), class: "bar-ok" }));
    if (b.failures > 0) g.append(svgEl("rect", { x: String(x), y: String(h - pad - py(b.calls)), width: String(bw - 2), height: String(py(b.failures)), class: "bar-fail" }));
    svg.append(g);
  });
  return svg;
}
