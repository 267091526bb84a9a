import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { commands } from '../../commands/index.ts';
import { tokenize } from '../../src/core/tokenize.ts';
import { cli, cliJson } from '../helpers/run-cli.ts';

// The bundled demo answers when no cluster is configured (HOME without ~/.kube, no KUBECONFIG).
const fakeIstioctl = fileURLToPath(new URL('../fixtures/bin/fake-istioctl', import.meta.url));

describe('CLI on the bundled demo scenario', () => {
  it.each([
    ['productpage-v1-6b746f74dc-9stvf', 'bookinfo', 'injected', 'already-injected'],
    ['reviews-v2-5b7d9c8f4-xk2lp', 'bookinfo', 'not-injected', 'created-before-enablement'],
    ['ratings-v1-85c74b6cb4-4kx2p', 'bookinfo', 'not-injected', 'pod-annotation-opt-out'],
    ['details-v1-79dfbd6fff-qk8lz', 'bookinfo', 'not-injected', 'host-network'],
    ['deploy/reviews-v3', 'bookinfo', 'not-injected', 'pod-label-opt-out'],
    ['checkout-7d4b9c6f5d-m2kq8', 'payments', 'not-injected', 'namespace-label-invalid-value'],
    ['ledger-68f9d7c5b-p4wzn', 'legacy', 'not-injected', 'revision-without-webhook'],
    ['cart-5c6d8b9f7-t8vxr', 'shop', 'not-injected', 'ambient-namespace'],
  ])('%s -n %s → %s (%s)', async (target, ns, verdict, cause) => {
    const out = await cliJson(['why-not-injected', target, '-n', ns]);
    expect([out.verdict, out.cause, out.cluster]).toEqual([verdict, cause, 'demo']);
  });

  it('text output: verdict first, cluster named, fix command, ruled-out checks', async () => {
    const out = await cli(['why-not-injected', 'bookinfo/reviews-v2-5b7d9c8f4-xk2lp']);
    expect(out.code).toBe(0);
    const lines = out.stdout.split('\n');
    expect(lines[0]).toMatch(/^Not injected: Pod reviews-v2-5b7d9c8f4-xk2lp was created at/);
    expect(lines[1]).toMatch(/^cluster: demo {3}target: bookinfo\/reviews-v2-5b7d9c8f4-xk2lp/);
    expect(out.stdout).toContain('kubectl rollout restart deployment/reviews-v2 -n bookinfo');
    expect(out.stdout).toContain('Ruled out');
    expect(out.stdout).not.toContain('\u001b[');
  });

  it('istioctl-style <pod>.<namespace> works', async () => {
    const out = await cliJson(['why-not-injected', 'details-v1-79dfbd6fff-qk8lz.bookinfo']);
    expect(out.cause).toBe('host-network');
  });

  it('help lists every command with an example; help <command> shows its usage', async () => {
    const all = await cli(['help']);
    expect(all.stdout).toMatch(/why-not-injected\s+Why a pod has no Istio sidecar/);
    const one = await cli(['help', 'why-not-injected']);
    expect(one.stdout).toContain('meshdoc why-not-injected <pod> -n <namespace>');
    expect(one.stdout).not.toContain('/mesh');
    expect(all.stdout.split('\n')[1]).toBe('');
  });

  // Help's examples name the demo's pods, so a new user can paste them (issue 9). Proxy commands
  // may say the demo has no Envoy to ask (no_proxy); nothing may be "not found" or a usage error.
  it.each(commands.map((c) => [c.name, c.examples[0] ?? c.name]))(
    '%s: the first example (%s) runs against the demo',
    async (_name, example) => {
      // analyze runs istioctl: the stand-in answers as a clean analysis (istioctl itself runs in
      // the integration suite).
      vi.stubEnv('FAKE_ISTIOCTL_MODE', 'analyze-clean');
      const out = await cli([...tokenize(example), '-o', 'json'], {
        HOME: '/nonexistent',
        MESHDOC_ISTIOCTL: fakeIstioctl,
      });
      vi.unstubAllEnvs();
      if (out.code === 0) return;
      const error = (JSON.parse(out.stderr) as { error: { code: string; message: string } }).error;
      expect(error.code, error.message).toBe('no_proxy');
    },
  );
});
