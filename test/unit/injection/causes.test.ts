import { describe, expect, it } from 'vitest';
import { decideInjection } from '../../../src/diagnostics/injection/decide-injection.ts';
import { injectionChecks } from '../../helpers/injection-checks.ts';
import { chartWebhooks, evidence } from '../../helpers/injection-evidence.ts';

const enabled = { 'istio-injection': 'enabled' };
const sidecar = [{ name: 'app' }, { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.28.2' }];
const severityOf = (d: ReturnType<typeof decideInjection>, cause: string) =>
  d.findings.find((f) => f.cause === cause && f.severity !== 'pass')?.severity;

describe('injection causes not covered by the decision-table fixtures (positive and negative)', () => {
  it('already-injected: reports the proxy version; negative: an uninjected pod', () => {
    const d = decideInjection(evidence({ nsLabels: enabled, containers: sidecar }));
    expect([d.verdict, d.cause, d.sidecar?.proxyVersion]).toEqual(['injected', 'already-injected', '1.28.2']);
    expect(decideInjection(evidence({ nsLabels: enabled })).verdict).toBe('not-injected');
  });

  it('already-injected, native sidecar (istio-proxy as init container)', () => {
    const e = evidence({ nsLabels: enabled });
    e.pod.spec.initContainers = [
      { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.28.0', restartPolicy: 'Always' },
    ];
    expect(decideInjection(e).sidecar?.style).toBe('native');
  });

  it('already injected but a pod created now would not be: warns that the next restart drops the sidecar', () => {
    const d = decideInjection(evidence({ nsLabels: { 'istio-injection': 'disabled' }, containers: sidecar }));
    expect(d.verdict).toBe('injected');
    expect(d.wouldInjectNow).toBe(false);
    expect(severityOf(d, 'already-injected')).toBe('warning');
  });

  it('webhook-selector-mismatch: customised selectors that match nothing; negative: the chart selectors', () => {
    const custom = chartWebhooks();
    for (const w of custom.webhooks) w.namespaceSelector = { matchLabels: { team: 'mesh' } };
    const d = decideInjection(
      evidence({
        nsLabels: { ...enabled, 'istio.io/rev': 'default' },
        webhooks: [custom, chartWebhooks('canary')],
      }),
    );
    expect(d.cause).not.toBe('webhook-selector-mismatch');
    const d2 = decideInjection(
      evidence({ nsLabels: { 'istio.io/rev': 'canary' }, webhooks: [custom, chartWebhooks('canary')] }),
    );
    expect(d2.wouldInjectNow).toBe(true);
    const onlyCustom = decideInjection(
      evidence({ nsLabels: { 'istio.io/rev': 'default' }, webhooks: [custom] }),
    );
    expect(onlyCustom.cause).toBe('webhook-selector-mismatch');
  });

  it('multiple-webhooks-match: two configurations serve the same namespace; negative: one', () => {
    const dup = chartWebhooks('default', { name: 'istio-revision-tag-default' });
    const d = decideInjection(evidence({ nsLabels: enabled, webhooks: [chartWebhooks(), dup] }));
    expect(severityOf(d, 'multiple-webhooks-match')).toBe('warning');
    expect(
      severityOf(decideInjection(evidence({ nsLabels: enabled })), 'multiple-webhooks-match'),
    ).toBeUndefined();
  });

  it('injector-policy-invalid: any policy but enabled/disabled never injects; negative: enabled', () => {
    expect(decideInjection(evidence({ nsLabels: enabled, config: { policy: 'Enabled' } })).cause).toBe(
      'injector-policy-invalid',
    );
    expect(decideInjection(evidence({ nsLabels: enabled, config: { policy: 'enabled' } })).cause).not.toBe(
      'injector-policy-invalid',
    );
  });

  it('always-inject-selector: forces injection under policy disabled; never beats always', () => {
    const always = [{ matchLabels: { app: 'x' } }];
    const d = decideInjection(
      evidence({
        nsLabels: enabled,
        podLabels: { app: 'x' },
        config: { policy: 'disabled', alwaysInjectSelector: always },
      }),
    );
    expect([d.wouldInjectNow, severityOf(d, 'always-inject-selector')]).toEqual([true, 'info']);
    const both = decideInjection(
      evidence({
        nsLabels: enabled,
        podLabels: { app: 'x' },
        config: { policy: 'disabled', alwaysInjectSelector: always, neverInjectSelector: always },
      }),
    );
    expect(both.cause).toBe('never-inject-selector');
  });

  it('invalid-inject-value warns; negative: "true" and "false" do not', () => {
    expect(
      severityOf(
        decideInjection(evidence({ nsLabels: enabled, podLabels: { 'sidecar.istio.io/inject': 'yes' } })),
        'invalid-inject-value',
      ),
    ).toBe('warning');
    expect(
      severityOf(
        decideInjection(evidence({ nsLabels: enabled, podLabels: { 'sidecar.istio.io/inject': 'true' } })),
        'invalid-inject-value',
      ),
    ).toBeUndefined();
  });

  it('unknown when the webhooks or the namespace cannot be read, with a note saying why', () => {
    const d = decideInjection(evidence({ nsLabels: enabled, webhooks: 'forbidden' }));
    expect([d.verdict, d.cause]).toEqual(['unknown', 'undetermined']);
    expect(d.notes[0]?.message).toContain('mutatingwebhookconfigurations');
    expect(decideInjection(evidence({ namespace: 'missing' })).verdict).toBe('unknown');
  });

  it('pod-level blockers still decide when the webhooks cannot be read', () => {
    const e = evidence({ webhooks: 'forbidden', podLabels: { 'sidecar.istio.io/inject': 'false' } });
    expect(decideInjection(e)).toMatchObject({ verdict: 'not-injected', cause: 'pod-label-opt-out' });
  });

  it('every catalogued cause has a distinct, well-formed code', () => {
    const codes = Object.values(injectionChecks).map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^MESH01\d\d$/);
  });
});
