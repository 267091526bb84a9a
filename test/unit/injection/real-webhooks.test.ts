import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { gathered } from '../../../src/core/gathered.ts';
import { decideInjection } from '../../../src/diagnostics/injection/decide-injection.ts';
import { calledWebhooks, evaluateWebhooks } from '../../../src/diagnostics/injection/evaluate-webhooks.ts';
import { MutatingWebhookConfigurationSchema, NamespaceSchema, PodSchema } from '../../../src/schemas/kube.ts';
import { haveSharedFixtures, sharedIstioFixtures } from '../../helpers/shared-fixtures.ts';

// The injector webhooks exactly as the istiod chart installs them (istioctl's check-inject testdata).
function webhooks(...files: string[]) {
  return files.map((f) =>
    MutatingWebhookConfigurationSchema.parse(
      parse(readFileSync(join(sharedIstioFixtures, 'check-inject', f), 'utf8')),
    ),
  );
}

function decide(
  files: string[],
  nsLabels: Record<string, string>,
  podLabels: Record<string, string> = {},
  annotations: Record<string, string> = {},
) {
  return decideInjection({
    pod: PodSchema.parse({
      metadata: { name: 'app-1', namespace: 'shop', labels: podLabels, annotations },
      spec: { containers: [{ name: 'app' }] },
    }),
    namespace: gathered(NamespaceSchema.parse({ metadata: { name: 'shop', labels: nsLabels } })),
    webhookConfigurations: gathered(webhooks(...files)),
    injectorConfigs: {},
    kubectl: 'kubectl',
  });
}

describe.skipIf(!haveSharedFixtures)(
  'injection decision on the real chart webhooks (../shared/fixtures/istio/check-inject)',
  () => {
    it('istio-injection=enabled is served by the default revision namespace. webhook', () => {
      const evals = evaluateWebhooks(
        webhooks('default-injector.yaml'),
        { 'istio-injection': 'enabled', 'kubernetes.io/metadata.name': 'shop' },
        {},
      );
      expect(calledWebhooks(evals).map((e) => e.webhook.name)).toEqual([
        'namespace.sidecar-injector.istio.io',
      ]);
      const d = decide(['default-injector.yaml'], { 'istio-injection': 'enabled' });
      expect([d.verdict, d.cause, d.wouldInjectNow]).toEqual([
        'not-injected',
        'created-before-enablement',
        true,
      ]);
    });

    it('istio.io/rev=default is served by rev.namespace.', () => {
      const d = decide(['default-injector.yaml'], { 'istio.io/rev': 'default' });
      expect(d.injectedBy?.webhook).toBe('rev.namespace.sidecar-injector.istio.io');
      expect(d.wouldInjectNow).toBe(true);
    });

    it('an unlabelled namespace is not enabled (negative), a pod label inject=true opts in via object.', () => {
      expect(decide(['default-injector.yaml'], {}).cause).toBe('namespace-not-enabled');
      const d = decide(['default-injector.yaml'], {}, { 'sidecar.istio.io/inject': 'true' });
      expect([d.cause, d.injectedBy?.webhook]).toEqual([
        'created-before-enablement',
        'object.sidecar-injector.istio.io',
      ]);
    });

    it('istio-injection=disabled blocks even a pod label inject=true', () => {
      expect(
        decide(
          ['default-injector.yaml'],
          { 'istio-injection': 'disabled' },
          { 'sidecar.istio.io/inject': 'true' },
        ).cause,
      ).toBe('namespace-injection-disabled');
    });

    it('revision 1-16: served when named, revision-without-webhook when another revision is named', () => {
      const served = decide(['rev-16-injector.yaml'], { 'istio.io/rev': '1-16' });
      expect([served.wouldInjectNow, served.injectedBy?.revision]).toEqual([true, '1-16']);
      const unserved = decide(['rev-16-injector.yaml'], { 'istio.io/rev': '1-17' });
      expect(unserved.cause).toBe('revision-without-webhook');
      expect(unserved.findings.find((f) => f.cause === 'revision-without-webhook')?.message).toContain(
        '1-16',
      );
    });

    it('default + 1-16 installed, namespace with both labels: the default revision wins (IST0123 warning)', () => {
      const d = decide(['default-injector.yaml', 'rev-16-injector.yaml'], {
        'istio-injection': 'enabled',
        'istio.io/rev': '1-16',
      });
      expect(d.injectedBy?.revision).toBe('default');
      expect(
        d.findings.some((f) => f.cause === 'conflicting-namespace-labels' && f.severity === 'warning'),
      ).toBe(true);
    });

    it('only 1-16 installed, istio-injection=enabled: no default revision', () => {
      expect(decide(['rev-16-injector.yaml'], { 'istio-injection': 'enabled' }).cause).toBe(
        'no-default-revision',
      );
    });

    it('a webhook deactivated by `istioctl tag set default` never matches', () => {
      const d = decide(['never-match-injector.yaml'], { 'istio-injection': 'enabled' });
      expect([d.verdict, d.cause]).toEqual(['not-injected', 'webhook-deactivated']);
      // Negative: with the real default webhook beside it, the deactivated one does not matter.
      expect(
        decide(['never-match-injector.yaml', 'default-injector.yaml'], { 'istio-injection': 'enabled' })
          .cause,
      ).toBe('created-before-enablement');
    });

    it('annotation opt-out still applies after the webhook is called (check-inject would say ✔ here)', () => {
      const d = decide(
        ['default-injector.yaml'],
        { 'istio-injection': 'enabled' },
        {},
        { 'sidecar.istio.io/inject': 'false' },
      );
      expect(d.cause).toBe('pod-annotation-opt-out');
    });
  },
);
