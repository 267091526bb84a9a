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
