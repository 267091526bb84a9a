import type { Scenario } from './scenario.ts';
import { requestDuration, requestsTotal, type SeriesRate, seriesOf } from './series.ts';

type Accumulator = {
  owner: string;
  name: string;
  labelText: string;
  /** Value at `since` (ms). */
  base: number;
  since: number;
  /** Per second. */
  rate: number;
};

export type PutResult = { ok: true; series: number; replaced: boolean } | { ok: false; conflict: string };

/**
 * The scenarios registered with the stand-in and their counters. A counter's value is what its
 * rates have added up to since it appeared: replacing a scenario keeps every counter's value and
 * changes only how fast it grows from then on (a counter that the new scenario no longer has stays
 * at its value), so Prometheus never sees a counter go backwards. Deleting a scenario removes its
 * series.
 */
export class TrafficRegistry {
  readonly #series = new Map<string, Accumulator>();
  readonly #scenarios = new Map<string, Scenario>();

  put(id: string, scenario: Scenario, nowMs: number): PutResult {
    const wanted = new Map<string, SeriesRate>();
    for (const s of seriesOf(scenario)) {
      const key = seriesKey(s);
      const existing = wanted.get(key);
      // Two callers or versions mapping to the same labels add up, as one proxy's counter would.
      if (existing) existing.rate += s.rate;
      else wanted.set(key, { ...s });
    }
    for (const key of wanted.keys()) {
      const other = this.#series.get(key)?.owner;
      if (other !== undefined && other !== id) {
        return { ok: false, conflict: `scenario ${JSON.stringify(other)} already produces ${key}` };
      }
    }
    const replaced = this.#scenarios.has(id);
    for (const [key, acc] of this.#series) {
      if (acc.owner !== id) continue;
      acc.base = valueAt(acc, nowMs);
      acc.since = nowMs;
      acc.rate = wanted.get(key)?.rate ?? 0;
    }
    for (const [key, s] of wanted) {
      if (this.#series.has(key)) continue;
      this.#series.set(key, {
        owner: id,
        name: s.name,
        labelText: labelText(s.labels),
        base: 0,
        since: nowMs,
        rate: s.rate,
      });
    }
    this.#scenarios.set(id, scenario);
    return { ok: true, series: wanted.size, replaced };
  }

  delete(id: string): boolean {
    for (const [key, acc] of this.#series) if (acc.owner === id) this.#series.delete(key);
    return this.#scenarios.delete(id);
  }

  ids(): string[] {
    return [...this.#scenarios.keys()].sort();
  }

  get(id: string): Scenario | undefined {
    return this.#scenarios.get(id);
  }

  /** Prometheus's text exposition format (0.0.4) of every series at `nowMs`. */
  exposition(nowMs: number): string {
    const families: Record<string, { type: string; help: string; lines: string[] }> = {
      [requestsTotal]: { type: 'counter', help: 'Total requests.', lines: [] },
      [requestDuration]: { type: 'histogram', help: 'Request duration in milliseconds.', lines: [] },
    };
    const sorted = [...this.#series.values()].sort((a, b) =>
      a.name === b.name ? (a.labelText < b.labelText ? -1 : 1) : a.name < b.name ? -1 : 1,
    );
    for (const acc of sorted) {
      const family = acc.name === requestsTotal ? requestsTotal : requestDuration;
      families[family]?.lines.push(`${acc.name}{${acc.labelText}} ${formatValue(valueAt(acc, nowMs))}`);
    }
    let text = '';
    for (const [name, family] of Object.entries(families)) {
      if (family.lines.length === 0) continue;
      text += `# HELP ${name} ${family.help}\n# TYPE ${name} ${family.type}\n${family.lines.join('\n')}\n`;
    }
    return text;
  }
}

function valueAt(acc: Accumulator, nowMs: number): number {
  return acc.base + (acc.rate * Math.max(0, nowMs - acc.since)) / 1000;
}

function seriesKey(s: SeriesRate): string {
  return `${s.name}{${labelText(s.labels)}}`;
}

function labelText(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}="${escapeLabel(labels[k] ?? '')}"`)
    .join(',');
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  // Enough digits that rate() sees the steady slope, without float noise in the text.
  return Number.isInteger(value) ? String(value) : value.toFixed(6);
}
