// Durations as Flagger (`interval: 1m`) and Argo (`pause.duration: 10m`, or a bare number of
// seconds) write them: Go's time.ParseDuration units, combined (`1h30m`), or a plain number.

const unitSeconds: Readonly<Record<string, number>> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

/** Seconds in `1m`, `30s`, `1h30m`, `500ms`, `90` or 90; undefined when it is not a duration. */
export function parseDurationSeconds(value: string | number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === '' || !/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(amount) * (unitSeconds[unit ?? 's'] ?? 1);
  }
  return total;
}

/** For people: 90 → `1m30s`, 600 → `10m`, 42 → `42s`. */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  const parts = [h > 0 ? `${h}h` : '', m > 0 ? `${m}m` : '', rest > 0 || s === 0 ? `${rest}s` : ''];
  return parts.join('');
}
