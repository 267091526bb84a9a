import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliJson } from '../../helpers/run-cli.ts';

// The demo's four canaries (demo/canaries.yaml) through the real CLI in demo mode (no kubeconfig),
// answered from the Prometheus answers recorded by scripts/record-demo-metrics.ts
// (demo-metrics/canary.json): the headline, the findings that decide it, and the chart.

type CanaryJson = Awaited<ReturnType<typeof cliJson>> & {
  verdict: string;
  why: { code: string; cause: string }[];
  attachments: { filename: string; mediaType: string; bytes: number }[];
  windowSeconds: number;
  dataAgeSeconds: number | null;
  healthUnknownWhy: string | null;
  notes: { evidence: string; message: string }[];
  canary: { metrics?: unknown } | null;
};

const canaryJson = async (args: string[]) => (await cliJson(['canary', 'status', ...args])) as CanaryJson;

/** A PNG's signature and its IHDR width and height. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('canary status on the demo', () => {
  it.each([
    ['podinfo', 'podinfo', 'failing', ['MESH0441'], 60],
    ['search', 'catalog', 'misconfigured', ['MESH0405'], 300],
    ['cart', 'storefront', 'paused', ['MESH0453'], 300],
    ['recommend', 'reco', 'progressing', [], 300],
  ])('%s -n %s → %s', async (app, ns, verdict, codes, window) => {
    const out = await canaryJson([app, '-n', ns]);
    expect(out.cluster).toBe('demo');
    expect(out.verdict).toBe(verdict);
    expect(out.why.map((w) => w.code)).toEqual(codes);
    // Health was judged from the recording, not left unknown.
    expect(out.healthUnknownWhy).toBeNull();
    expect(out.windowSeconds).toBe(window);
    // The chart is drawn only where someone gets it (Slack, --chart FILE), never for JSON.
    expect(out.attachments).toEqual([]);
  });

  it('the failing canary: the reason names the limit it breaks, the text names the chart', async () => {
    const out = await cli(['canary', 'status', 'podinfo', '-n', 'podinfo']);
    expect(out.code).toBe(0);
    const first = out.stdout.split('\n')[0] ?? '';
    expect(first).toMatch(/^Failing: The canary breaks its limit: success rate 94% < 99%/);
    expect(out.stdout).toContain('Not drawn here: --chart FILE writes it');
  });

  it('the misconfigured split: the v2 subset selects no pod and its share fails with 503 UH', async () => {
    const out = await canaryJson(['search', '-n', 'catalog']);
    expect(out.reason).toMatch(
      /Subset v2 .*matches none of the 3 pods of Service search: ≈20% of requests → 503 UH/,
    );
    expect(out.reason).toContain('version=2.0 (wanted version=v2)');
  });

  it('-o json shows the data age and says the metrics are the recorded ones', async () => {
    const out = await canaryJson(['podinfo', '-n', 'podinfo']);
    expect(typeof out.dataAgeSeconds).toBe('number');
    expect(out.dataAgeSeconds).toBeGreaterThanOrEqual(0);
    expect(out.dataAgeSeconds).toBeLessThan(5);
    const note = out.notes.find((n) => n.evidence === 'prometheus');
    expect(note?.message).toMatch(
      /^Demo: the metrics are answers a real Prometheus gave on \d{4}-\d\d-\d\d \(scripts\/record-demo-metrics\.ts\), and the demo's clock for canaries is 2026-11-30T12:00:00Z\.$/,
    );
  });

  describe('--chart FILE', () => {
    let dir = '';
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'meshdoc-canary-demo-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it.each([
      ['podinfo', 'podinfo'],
      ['search', 'catalog'],
      ['cart', 'storefront'],
      ['recommend', 'reco'],
    ])('%s -n %s: writes the chart as a 1000×700 PNG and says where', async (app, ns) => {
      const file = join(dir, `${app}.png`);
      const out = await cli(['canary', 'status', app, '-n', ns, '--chart', file]);
      expect(out.code, out.stderr).toBe(0);
      expect(out.stdout).toContain(file);
      const png = await readFile(file);
      expect(png.length).toBeGreaterThan(10_000);
      expect(pngSize(png)).toEqual({ width: 1000, height: 700 });
    });
  });
});
