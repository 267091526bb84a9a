import { describe, expect, it } from 'vitest';
import { gathered } from '../../../src/core/gathered.ts';
import { decideInjection } from '../../../src/diagnostics/injection/decide-injection.ts';
import { DeploymentSchema } from '../../../src/schemas/kube.ts';
import { chartWebhooks, evidence } from '../../helpers/injection-evidence.ts';

const istioFailure =
  'Internal error occurred: failed calling webhook "namespace.sidecar-injector.istio.io": failed to call webhook: Post "https://istiod.istio-system.svc:443/inject?timeout=10s": dial tcp 10.96.0.12:443: connect: connection refused';
const kyvernoFailure =
  'admission webhook "validate.kyverno.svc-fail" denied the request: failed calling webhook "mutate.kyverno.svc-fail": policy require-labels';

/** A deployment whose ReplicaSet cannot create pods, with `message` as the condition's message. */
function failing(message: string, webhooks: Parameters<typeof evidence>[0]['webhooks'] = [chartWebhooks()]) {
  const ev = evidence({ nsLabels: { 'istio-injection': 'enabled' }, webhooks });
  const object = DeploymentSchema.parse({
    metadata: { name: 'broken', namespace: 'shop' },
    spec: { template: { metadata: { labels: {} }, spec: { containers: [{ name: 'app' }] } } },
    status: { conditions: [{ type: 'ReplicaFailure', status: 'True', message }] },
  });
  return decideInjection({ ...ev, workload: { kind: 'deployment', object, pods: gathered([]) } });
}
const callFailed = (d: ReturnType<typeof decideInjection>) =>
  d.findings.find((f) => f.cause === 'webhook-call-failed');

describe('webhook-call-failed', () => {
  it('an Istio webhook failure is found, with the failure policy read from its configuration', () => {
    const f = callFailed(failing(istioFailure));
    expect(f?.severity).toBe('error');
    // The chart leaves failurePolicy unset: admissionregistration/v1 defaults it to Fail.
    expect(f?.message).toContain('namespace.sidecar-injector.istio.io (failurePolicy Fail)');
    expect(f?.facts).toContainEqual({
      label: 'failurePolicy',
      value: 'Fail',
      source: { kind: 'MutatingWebhookConfiguration', name: 'istio-sidecar-injector' },
    });
  });

  it('a non-Istio webhook failure (kyverno) is not an injection webhook failure', () => {
    expect(callFailed(failing(kyvernoFailure))).toBeUndefined();
  });

  it('names the policy the configuration has: Ignore is never reported as Fail', () => {
    const ignore = chartWebhooks();
    for (const w of ignore.webhooks) w.failurePolicy = 'Ignore';
    const f = callFailed(failing(istioFailure, [ignore]));
    expect(f?.message).toContain('(failurePolicy Ignore)');
    expect(f?.message).not.toContain('Fail)');
  });

  it('names no policy when the webhook configurations could not be read', () => {
    const d = failing(istioFailure, 'forbidden');
    expect(callFailed(d)?.message).toContain('namespace.sidecar-injector.istio.io: Internal error');
    expect(callFailed(d)?.message).not.toContain('failurePolicy');
  });
});
