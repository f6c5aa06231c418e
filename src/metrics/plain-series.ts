import type { Metric, MetricValueWithName, Registry } from "prom-client";

/** The rendering input prom-client's registry reads from a metric's get(). */
export interface SeriesValues {
  name: string;
  help: string;
  type: "counter" | "histogram";
  values: MetricValueWithName<string>[];
  aggregator: "sum";
}

/** What prom-client's registry reads from a metric when it renders (a subset of its Metric type). */
interface Exposed {
  readonly name: string;
  readonly help: string;
  readonly type: string;
  readonly aggregator: "sum";
  get(): Promise<SeriesValues>;
  reset(): void;
}

interface Series {
  labels: Record<string, string>;
  count: number;
  sum: number;
  /** Observations per bucket (not cumulative), as prom-client keeps them; past the last bound only in count. */
  buckets: Float64Array;
}

/**
 * A labelled counter or histogram for events on the request path: counting is a Map lookup on a
 * caller-made key and a few additions, and the Prometheus values are built only when /metrics is
 * scraped. prom-client's `inc`/`observe` validate and hash the label object on every call, which
 * measured at ~3 µs each on the hot path (ADR 0038); the text rendered is the same as theirs.
 */
export class PlainSeries implements Exposed {
  readonly aggregator = "sum" as const;
  readonly type: "counter" | "histogram";
  private readonly series = new Map<string, Series>();
  private readonly bounds: readonly number[];

  /**
   * @param name the series name (a histogram adds `_bucket`, `_sum`, `_count`)
   * @param help the HELP text
   * @param buckets upper bounds of a histogram's buckets (ascending); absent: a counter
   */
  constructor(
    readonly name: string,
    readonly help: string,
    buckets?: readonly number[],
  ) {
    this.type = buckets ? "histogram" : "counter";
    this.bounds = buckets ?? [];
  }

  /** Registers this series with a prom-client registry, which renders it with its own. */
  registerIn(registry: Registry): this {
    // prom-client's registry calls only get() and reset() (and reads the fields of Exposed)
    registry.registerMetric(this as unknown as Metric);
    return this;
  }

  /**
   * Counts one event (a counter adds 1, a histogram observes `value`). `key` must identify the
   * label values (callers join them); `labels` is called only the first time a key is seen.
   */
  add(key: string, labels: () => Record<string, string>, value = 1): void {
    let s = this.series.get(key);
    if (s === undefined) {
      s = { labels: labels(), count: 0, sum: 0, buckets: new Float64Array(this.bounds.length) };
      this.series.set(key, s);
    }
    s.count += 1;
    s.sum += value;
    if (this.type === "counter") return;
    const bounds = this.bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]) {
        s.buckets[i] += 1;
        return;
      }
    }
  }

  reset(): void {
    this.series.clear();
  }

  /** The values in prom-client's shape, labels as its histogram exports them (series labels after `le`). */
  async get(): Promise<SeriesValues> {
    const values: MetricValueWithName<string>[] = [];
    for (const s of this.series.values()) {
      if (this.type === "counter") {
        values.push({ labels: s.labels, value: s.count, metricName: this.name });
        continue;
      }
      let cumulative = 0;
      for (let i = 0; i < this.bounds.length; i++) {
        cumulative += s.buckets[i];
        values.push({ labels: { le: this.bounds[i], ...s.labels }, value: cumulative, metricName: `${this.name}_bucket` });
      }
      values.push({ labels: { le: "+Inf", ...s.labels }, value: s.count, metricName: `${this.name}_bucket` });
      values.push({ labels: s.labels, value: s.sum, metricName: `${this.name}_sum` });
      values.push({ labels: s.labels, value: s.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }
}
