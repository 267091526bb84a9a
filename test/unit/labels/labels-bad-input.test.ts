import { describe, expect, it } from 'vitest';
import { cli } from '../../helpers/run-cli.ts';

// labels' bad input: a specific answer every time, never a guess.
describe('labels: bad input', () => {
  it('an app in several namespaces and no -n: asks which, never guesses', async () => {
    const r = await cli(['labels', 'reviews', '--from', 'demo/cluster.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'App "reviews" has no pods in namespace "default"; it is in namespaces bookinfo, store. Name one with -n.',
    );
  });
  it('an unknown app: the close names', async () => {
    const r = await cli(['labels', 'reviewz', '-n', 'store', '--from', 'demo/cluster.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No Service or pod of app "reviewz" in namespace "store"');
    expect(r.stderr).toContain('Did you mean: reviews?');
  });
  it('an unknown Service: the close names', async () => {
    const r = await cli(['labels', 'svc/rating', '-n', 'store', '--from', 'demo/cluster.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Service "rating" was not found in namespace "store"');
    expect(r.stderr).toContain('Did you mean: ratings');
  });
});

describe('labels: a folder of manifests with one broken file', () => {
  it('leaves the broken file out with a note and answers from the rest', async () => {
    const { mkdtempSync, copyFileSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'meshdoc-labels-'));
    copyFileSync(new URL('../../../demo/cluster.yaml', import.meta.url), join(dir, 'cluster.yaml'));
    writeFileSync(join(dir, 'broken.yaml'), 'kind: Service\nmetadata: {name: x\n  bad: [\n');
    const r = await cli(['labels', 'reviews', '-n', 'store', '--from', dir, '-o', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { verdict: string; notes: { message: string }[] };
    expect(out.verdict).toBe('mismatch');
    expect(out.notes.map((n) => n.message).join('\n')).toMatch(
      /File .*broken\.yaml was left out: .*not valid YAML/,
    );
  });
});
