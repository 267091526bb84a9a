import { describe, expect, it } from 'vitest';
import { gathered, missing } from '../../../src/core/gathered.ts';
import { decideInjection } from '../../../src/diagnostics/injection/decide-injection.ts';
import { NamespaceSchema } from '../../../src/schemas/kube.ts';
import { chartWebhooks, evidence } from '../../helpers/injection-evidence.ts';
import { cliJson } from '../../helpers/run-cli.ts';

const fixtures = new URL('../../fixtures/injection/', import.meta.url).pathname;
const enabled = { 'istio-injection': 'enabled' };
const notSaved =
  'The --from files hold no MutatingWebhookConfiguration objects; save them with: kubectl get mutatingwebhookconfigurations -o yaml';
const saveWith = 'kubectl get mutatingwebhookconfigurations -o yaml';

describe('fix a: webhooks not saved with --from, pod observably without a sidecar', () => {
  it('is not-injected with cause undetermined, and a note says what to save', () => {
    const d = decideInjection({
      ...evidence({ nsLabels: enabled }),
      webhookConfigurations: missing(notSaved, saveWith),
    });
    expect([d.verdict, d.cause]).toEqual(['not-injected', 'undetermined']);
    expect(d.notes.map((n) => n.message).join('\n')).toContain(
      'kubectl get mutatingwebhookconfigurations -o yaml',
    );
    expect(d.unsaved.map((s) => s.evidence)).toEqual(['MutatingWebhookConfigurations']);
  });

  it('stays unknown when the webhooks could not be read for another reason (forbidden)', () => {
    const d = decideInjection(evidence({ nsLabels: enabled, webhooks: 'forbidden' }));
    expect([d.verdict, d.cause]).toEqual(['unknown', 'undetermined']);
  });

  it('through the CLI: an honest headline, JSON cause undetermined and no code', async () => {
    const out = await cliJson([
      'why-not-injected',
      'web-5b7d9c-nows',
      '-n',
      'shop',
      '--from',
      `${fixtures}no-webhooks-saved`,
    ]);
    expect([out.verdict, out.cause, out.causeCode]).toEqual(['not-injected', 'undetermined', null]);
    expect(out.headline).toMatch(
      /^Not injected: .*could not tell why.*kubectl get mutatingwebhookconfigurations -o yaml/,
    );
    const notes = out.notes as { message: string }[];
    expect(notes.some((n) => n.message.includes('kubectl get mutatingwebhookconfigurations -o yaml'))).toBe(
      true,
    );
  });

  it('the injected twin is still injected without the webhooks', async () => {
    const out = await cliJson([
      'why-not-injected',
      'web-5b7d9c-inj',
      '-n',
      'shop',
      '--from',
      `${fixtures}no-webhooks-saved`,
    ]);
    expect([out.verdict, out.cause]).toEqual(['injected', 'already-injected']);
  });
});

describe('fix b: ruled-out checks do not cite an injector ConfigMap that was not read', () => {
  const cites = (f: { subject: { kind: string }; facts: { source?: { kind: string } }[] }) =>
    f.subject.kind === 'ConfigMap' || f.facts.some((fact) => fact.source?.kind === 'ConfigMap');

  it('with chart defaults assumed, the policy and selector passes cite no ConfigMap; the note stays', () => {
    const d = decideInjection({ ...evidence({ nsLabels: enabled }), injectorConfigs: {} });
    const passes = d.findings.filter(
      (f) => f.cause === 'injector-policy-disabled' || f.cause === 'never-inject-selector',
    );
    expect(passes.map((f) => f.severity)).toEqual(['pass', 'pass']);
    expect(passes.some(cites)).toBe(false);
    expect(passes.every((f) => f.message.includes('assumed'))).toBe(true);
    expect(d.notes.some((n) => n.evidence === 'ConfigMap/istio-system/istio-sidecar-injector')).toBe(true);
  });

  it('negative: a ConfigMap that was read is cited', () => {
    const d = decideInjection(evidence({ nsLabels: enabled }));
    const policy = d.findings.find((f) => f.cause === 'injector-policy-disabled');
    expect(policy?.subject).toEqual({
      kind: 'ConfigMap',
      namespace: 'istio-system',
      name: 'istio-sidecar-injector',
    });
  });

  it('through the CLI with --from files lacking the ConfigMap', async () => {
    const out = await cliJson([
      'why-not-injected',
      'web-5b7d9c-early',
      '-n',
      'early',
      '--from',
      `${fixtures}no-injector-configmap`,
    ]);
    expect(out.findings.filter((f) => f.severity === 'pass').some(cites as never)).toBe(false);
  });
});

describe('fix c: creation time against enablement time, and the webhook failurePolicy', () => {
  const at = (time: string) =>
    gathered(
      NamespaceSchema.parse({
        metadata: {
          name: 'shop',
          labels: enabled,
          managedFields: [
            {
              manager: 'kubectl-label',
              operation: 'Update',
              time,
              fieldsV1: { 'f:metadata': { 'f:labels': { 'f:istio-injection': {} } } },
            },
          ],
        },
      }),
    );
  const webhooks = (failurePolicy?: string) => {
    const mwc = chartWebhooks('default', {
      managedFields: [
        {
          manager: 'helm',
          operation: 'Update',
          time: '2026-01-01T00:00:00Z',
          fieldsV1: { 'f:webhooks': { 'f:namespaceSelector': {}, 'f:objectSelector': {} } },
        },
      ],
    });
    for (const w of mwc.webhooks) w.failurePolicy = failurePolicy;
    return gathered([mwc]);
  };
  const decide = (labelTime: string, failurePolicy?: string) => {
    const ev = evidence({ nsLabels: enabled });
    ev.pod.metadata.creationTimestamp = '2026-03-01T00:00:00Z';
    return decideInjection({
      ...ev,
      namespace: at(labelTime),
      webhookConfigurations: webhooks(failurePolicy),
    });
  };
  const deciding = (d: ReturnType<typeof decideInjection>) => d.findings.find((f) => f.cause === d.cause);

  it('a pod created in the same second as the label is a tie: created-before-enablement, said as such', () => {
    const d = decide('2026-03-01T00:00:00Z', 'Fail');
    expect(d.cause).toBe('created-before-enablement');
    expect(deciding(d)?.message).toMatch(/same second as injection was enabled.*most likely.*just before/);
    expect(deciding(d)?.message).not.toMatch(/failurePolicy/);
  });

  it('enabled before creation with failurePolicy Fail (or unset): never blames a failed call', () => {
    for (const policy of ['Fail', undefined]) {
      const d = decide('2026-02-01T10:00:00Z', policy);
      expect(d.cause).toBe('not-injected-at-creation');
      expect(deciding(d)?.message).not.toMatch(/Ignore/);
      expect(deciding(d)?.message).toContain('the configuration changed and changed back');
    }
  });

  it('with failurePolicy Ignore a failed webhook call is a possible explanation', () => {
    const d = decide('2026-02-01T10:00:00Z', 'Ignore');
    expect(deciding(d)?.message).toContain('the webhook call failed (failurePolicy Ignore)');
  });

  it('negative: a label written after the pod was created still proves created-before-enablement', () => {
    const d = decide('2026-03-05T10:00:00Z', 'Fail');
    expect(d.cause).toBe('created-before-enablement');
    expect(deciding(d)?.message).toContain('before injection was enabled');
  });

  it('through the CLI: the tie fixture', async () => {
    const out = await cliJson([
      'why-not-injected',
      'web-5b7d9c-tie01',
      '-n',
      'tie',
      '--from',
      `${fixtures}no-injector-configmap`,
    ]);
    expect([out.verdict, out.cause]).toEqual(['not-injected', 'created-before-enablement']);
    expect(out.headline).toContain('same second');
  });
});
