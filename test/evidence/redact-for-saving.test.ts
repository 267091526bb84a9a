import { describe, expect, it } from 'vitest';
import { redactedEnvValue, redactForSaving } from '../../src/evidence/redact-for-saving.ts';

const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration';
const env = [
  { name: 'PASSWORD', value: 'secret' },
  { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
];
const redactedEnv = [
  { name: 'PASSWORD', value: redactedEnvValue },
  { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
];

describe('redactForSaving', () => {
  it('redacts env values in every container list and drops the last-applied annotation', () => {
    const podSpec = {
      containers: [{ name: 'a', env }],
      initContainers: [{ name: 'i', env }],
      ephemeralContainers: [{ name: 'e', env }],
    };
    const meta = { name: 'p', annotations: { [lastApplied]: '{"env":"secret"}', 'istio.io/rev': 'canary' } };
    const values = {
      pod: { metadata: meta, spec: podSpec },
      workload: {
        kind: 'deployment',
        object: { metadata: meta, spec: { template: { metadata: meta, spec: podSpec } } },
      },
    };
    const redacted = redactForSaving(values);
    const text = JSON.stringify(redacted);
    expect(text).not.toContain('secret"');
    expect(text).not.toContain(lastApplied);
    expect(redacted.pod.metadata.annotations).toEqual({ 'istio.io/rev': 'canary' });
    for (const list of ['containers', 'initContainers', 'ephemeralContainers'] as const) {
      expect(redacted.pod.spec[list][0]?.env).toEqual(redactedEnv);
      expect(redacted.workload.object.spec.template.spec[list][0]?.env).toEqual(redactedEnv);
    }
    // Pure: the bundle it was given is untouched.
    expect(values.pod.spec.containers[0]?.env[0]?.value).toBe('secret');
  });

  it('keeps the injector configs as they are: replay needs them', () => {
    const injectorConfigs = { default: { ok: true, value: { containers: [{ name: 'x', env }] } } };
    expect(redactForSaving({ injectorConfigs }).injectorConfigs).toBe(injectorConfigs);
  });
});
