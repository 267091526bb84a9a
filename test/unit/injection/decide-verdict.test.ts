import { describe, expect, it } from 'vitest';
import { gathered, missing } from '../../../src/core/gathered.ts';
import { decideInjection } from '../../../src/diagnostics/injection/decide-injection.ts';
import type { InjectionEvidence } from '../../../src/diagnostics/injection/injection-evidence.ts';
import { DeploymentSchema, PodSchema } from '../../../src/schemas/kube.ts';
import { evidence } from '../../helpers/injection-evidence.ts';

// One verdict step for pods and workloads: the first blocker in istiod's order decides, and for a
// workload, findings about its running pods decide only when the template has no blocker.
const enabled = { 'istio-injection': 'enabled' };
const proxy = { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.28.2' };

function workload(
  templateLabels: Record<string, string>,
  pods: { name: string; sidecar: boolean }[] | 'forbidden',
  nsLabels: Record<string, string> = enabled,
): InjectionEvidence {
  const ev = evidence({ nsLabels, podLabels: templateLabels });
  ev.pod.metadata.name = 'web (pod template)';
  const object = DeploymentSchema.parse({
    metadata: { name: 'web', namespace: 'shop' },
    spec: { template: { metadata: { labels: templateLabels }, spec: { containers: [{ name: 'app' }] } } },
  });
  const running =
    pods === 'forbidden'
      ? missing<never>('forbidden to list pods')
      : gathered(
          pods.map((p) =>
            PodSchema.parse({
              metadata: { name: p.name, namespace: 'shop', labels: templateLabels },
              spec: { containers: p.sidecar ? [{ name: 'app' }, proxy] : [{ name: 'app' }] },
            }),
          ),
        );
  return { ...ev, workload: { kind: 'deployment', object, pods: running } };
}

describe('decideVerdict', () => {
  it('a workload whose pods predate enablement: created-before-enablement, one error, the rest warnings', () => {
    const d = decideInjection(
      workload({}, [
        { name: 'web-1', sidecar: false },
        { name: 'web-2', sidecar: false },
      ]),
    );
    expect([d.verdict, d.cause, d.wouldInjectNow]).toEqual([
      'not-injected',
      'created-before-enablement',
      true,
    ]);
    expect(d.findings.filter((f) => f.cause === d.cause).map((f) => f.severity)).toEqual([
      'error',
      'warning',
    ]);
  });

  it('a template blocker decides over the running pods, for pods and workloads alike', () => {
    const labels = { 'sidecar.istio.io/inject': 'false' };
    const pod = decideInjection(evidence({ nsLabels: enabled, podLabels: labels }));
    const deploy = decideInjection(workload(labels, [{ name: 'web-1', sidecar: false }]));
    expect([pod.cause, deploy.cause]).toEqual(['pod-label-opt-out', 'pod-label-opt-out']);
  });

  it('injected pods with a template that will not inject: injected, and the blocker as a warning', () => {
    const d = decideInjection(workload({ 'istio.io/rev': 'gone' }, [{ name: 'web-1', sidecar: true }], {}));
    expect([d.verdict, d.cause, d.wouldInjectNow]).toEqual(['injected', 'already-injected', false]);
    const warning = d.findings.find((f) => f.subject.kind === 'Deployment' && f.severity === 'warning');
    expect(warning?.cause).toBe('revision-without-webhook');
    expect(warning?.message).toMatch(/^Its running pods have sidecars, but new pods will NOT be injected/);
    expect(d.findings.some((f) => f.severity === 'error')).toBe(false);
  });

  it('ambient by design decides as info', () => {
    const d = decideInjection(evidence({ nsLabels: { 'istio.io/dataplane-mode': 'ambient' } }));
    expect([d.verdict, d.cause]).toEqual(['not-injected', 'ambient-namespace']);
    expect(d.findings.find((f) => f.cause === 'ambient-namespace')?.severity).toBe('info');
  });

  it('unknown when nothing decides and the running pods cannot be listed', () => {
    const ev = workload({}, 'forbidden');
    const d = decideInjection({ ...ev, webhookConfigurations: missing('forbidden to list webhooks') });
    expect([d.verdict, d.cause]).toEqual(['unknown', 'undetermined']);
    expect(d.notes.map((n) => n.evidence)).toContain('pods of Deployment/web');
  });
});
