import { describe, expect, it } from 'vitest';
import { cliJson } from '../../helpers/run-cli.ts';

const fixtures = new URL('../../fixtures/injection/', import.meta.url).pathname;

type Row = {
  row: string;
  dir: string;
  target: string[];
  verdict: 'injected' | 'not-injected' | 'unknown';
  cause: string;
  wouldInjectNow: boolean | null;
  revision?: string;
  warnings?: string[];
};

// Every row of istio-semantics.md §1.9, run through the CLI with --from and -o json.
// "yes" rows: the existing fixture pod has no sidecar, so the verdict is not-injected with
// cause created-before-enablement and wouldInjectNow true; the injected twin says injected.
const rows: Row[] = [
  {
    row: '1',
    dir: 'default-install',
    target: ['web-5b7d9c-aaaa1', '-n', 'r01-plain'],
    verdict: 'not-injected',
    cause: 'namespace-not-enabled',
    wouldInjectNow: false,
  },
  {
    row: '1 (enableNamespacesByDefault)',
    dir: 'auto',
    target: ['web-5b7d9c-auto', '-n', 'r01-plain'],
    verdict: 'not-injected',
    cause: 'created-before-enablement',
    wouldInjectNow: true,
    revision: 'default',
  },
  {
    row: '2',
    dir: 'default-install',
    target: ['r02-enabled/web-5b7d9c-aaaa2'],
    verdict: 'not-injected',
    cause: 'created-before-enablement',
    wouldInjectNow: true,
    revision: 'default',
  },
  {
    row: '2 (injected)',
    dir: 'default-install',
    target: ['web-5b7d9c-inj02.r02-enabled'],
    verdict: 'injected',
    cause: 'already-injected',
    wouldInjectNow: true,
  },
  {
    row: '2 (no default revision)',
    dir: 'revision-only',
    target: ['web-5b7d9c-nodef', '-n', 'r02-enabled'],
    verdict: 'not-injected',
    cause: 'no-default-revision',
    wouldInjectNow: false,
  },
  {
    row: '3',
    dir: 'default-install',
    target: ['web-5b7d9c-r03', '-n', 'r02-enabled'],
    verdict: 'not-injected',
    cause: 'pod-label-opt-out',
    wouldInjectNow: false,
  },
  {
    row: '4',
    dir: 'default-install',
    target: ['web-5b7d9c-r04', '-n', 'r02-enabled'],
    verdict: 'not-injected',
    cause: 'pod-annotation-opt-out',
    wouldInjectNow: false,
  },
  {
    row: '5',
    dir: 'default-install',
    target: ['web-5b7d9c-r05', '-n', 'r02-enabled'],
    verdict: 'not-injected',
    cause: 'created-before-enablement',
    wouldInjectNow: true,
  },
  {
    row: '6 (policy enabled)',
    dir: 'default-install',
    target: ['web-5b7d9c-r06', '-n', 'r02-enabled'],
    verdict: 'not-injected',
    cause: 'created-before-enablement',
    wouldInjectNow: true,
    warnings: ['invalid-inject-value'],
  },
  {
    row: '6 (policy disabled)',
    dir: 'policy-disabled',
    target: ['web-5b7d9c-r06d', '-n', 'r20-enabled'],
    verdict: 'not-injected',
    cause: 'injector-policy-disabled',
    wouldInjectNow: false,
    warnings: ['invalid-inject-value'],
  },
  {
    row: '7',
    dir: 'default-install',
    target: ['web-5b7d9c-r07', '-n', 'r07-disabled'],
    verdict: 'not-injected',
    cause: 'namespace-injection-disabled',
    wouldInjectNow: false,
  },
  {
    row: '7 (istio-injection=true)',
    dir: 'default-install',
    target: ['web-5b7d9c-typo', '-n', 'r07-typo'],
    verdict: 'not-injected',
    cause: 'namespace-label-invalid-value',
    wouldInjectNow: false,
  },
  {
    row: '8',
    dir: 'default-install',
    target: ['web-5b7d9c-r08', '-n', 'r08-plain'],
    verdict: 'not-injected',
    cause: 'created-before-enablement',
    wouldInjectNow: true,
    revision: 'default',
  },
  {
    row: '9',
    dir: 'default-install',
    target: ['web-5b7d9c-r09', '-n', 'r08-plain'],
    verdict: 'not-injected',
    cause: 'annotation-opt-in-ignored',
    wouldInjectNow: false,
  },
  {
    row: '10',
    dir: 'default-install',
    target: ['web-5b7d9c-r10', '-n', 'r10-canary'],
    verdict: 'not-injected',
    cause: 'created-before-enablement',
    wouldInjectNow: true,
    revision: 'canary',
  },
  {
    row: '10 (only canary installed)',
    dir: 'revision-only',
    target: ['web-5b7d9c-r10c', '-n', 'r10-canary'],
    verdict: 'not-injected',
    cause: 'created-before-enablement',
    wouldInjectNow: true,
    revision: 'canary',
  },
  {
    row: '11',
    dir: 'default-install',
    target: ['web-5b7d9c-r11', '-n', 'r11-nosuch'],
    verdict: 'not-injected',
    cause: 'revision-without-webhook',
    wouldInjectNow: false,
  },
  {
    row: '11 (pod label)',
    dir: 'default-install',
    target: ['web-5b7d9c-r11p', '-n', 'r08-plain'],
    verdict: 'not-injected',
    cause: 'revision-without-webhook',
    wouldInjectNow: false,
  },
  {
    row: '12',
    dir: 'default-install',
    target: ['web-5b7d9c-r12', '-n', 'r12-both'],
    verdict: 'not-injected',
    cause: 'created-before-enablement',
    wouldInjectNow: true,
    revision: 'default',
    warnings: ['conflicting-namespace-labels'],
  },
  {
    row: '12 (no default revision)',
    dir: 'revision-only',
    target: ['web-5b7d9c-r12n', '-n', 'r12-both'],
    verdict: 'not-injected',
    cause: 'conflicting-namespace-labels',
    wouldInjectNow: false,
  },
  {
    row: '13',
    dir: 'default-install',
    target: ['web-5b7d9c-r13', '-n', 'r13-disabled-rev'],
    verdict: 'not-injected',
    cause: 'namespace-injection-disabled',
    wouldInjectNow: false,
  },
  {
    row: '14',
    dir: 'default-install',
    target: ['web-5b7d9c-r14', '-n', 'r08-plain'],
    verdict: 'not-injected',
    cause: 'created-before-enablement',
    wouldInjectNow: true,
    revision: 'canary',
  },
  {
    row: '15',
    dir: 'default-install',
    target: ['web-5b7d9c-r15', '-n', 'r02-enabled'],
    verdict: 'not-injected',
    cause: 'created-before-enablement',
    wouldInjectNow: true,
    revision: 'default',
    warnings: ['pod-label-ignored'],
  },
  {
    row: '16',
    dir: 'default-install',
    target: ['web-5b7d9c-r16', '-n', 'r10-canary'],
    verdict: 'not-injected',
    cause: 'created-before-enablement',
    wouldInjectNow: true,
    revision: 'canary',
    warnings: ['pod-label-ignored'],
  },
  {
    row: '17',
    dir: 'default-install',
    target: ['web-5b7d9c-r17', '-n', 'r10-canary'],
    verdict: 'not-injected',
    cause: 'pod-label-opt-out',
    wouldInjectNow: false,
  },
  {
    row: '18',
    dir: 'default-install',
    target: ['web-5b7d9c-r18', '-n', 'r02-enabled'],
    verdict: 'not-injected',
    cause: 'host-network',
    wouldInjectNow: false,
  },
  {
    row: '19',
    dir: 'default-install',
    target: ['web-5b7d9c-r19', '-n', 'kube-system'],
    verdict: 'not-injected',
    cause: 'system-namespace',
    wouldInjectNow: false,
  },
  {
    row: '19 (auto webhook)',
    dir: 'auto',
    target: ['web-5b7d9c-autok', '-n', 'kube-node-lease'],
    verdict: 'not-injected',
    cause: 'system-namespace',
    wouldInjectNow: false,
  },
  {
    row: '20',
    dir: 'policy-disabled',
    target: ['web-5b7d9c-r20', '-n', 'r20-enabled'],
    verdict: 'not-injected',
    cause: 'injector-policy-disabled',
    wouldInjectNow: false,
  },
  {
    row: '20 (explicit opt-in)',
    dir: 'policy-disabled',
    target: ['web-5b7d9c-optin', '-n', 'r20-enabled'],
    verdict: 'not-injected',
    cause: 'created-before-enablement',
    wouldInjectNow: true,
  },
  {
    row: '21',
    dir: 'selectors',
    target: ['legacy-5b7d9c-r21', '-n', 'r21-enabled'],
    verdict: 'not-injected',
    cause: 'never-inject-selector',
    wouldInjectNow: false,
  },
  {
    row: '21 (explicit label beats never)',
    dir: 'selectors',
    target: ['legacy-5b7d9c-exp', '-n', 'r21-enabled'],
    verdict: 'not-injected',
    cause: 'created-before-enablement',
    wouldInjectNow: true,
  },
  {
    row: '22',
    dir: 'selectors',
    target: ['forced-5b7d9c-r22', '-n', 'r21-enabled'],
    verdict: 'not-injected',
    cause: 'created-before-enablement',
    wouldInjectNow: true,
  },
  {
    row: '23',
    dir: 'default-install',
    target: ['web-5b7d9c-r23', '-n', 'r23-ambient'],
    verdict: 'not-injected',
    cause: 'ambient-namespace',
    wouldInjectNow: false,
  },
  {
    row: '23 (pod label)',
    dir: 'default-install',
    target: ['web-5b7d9c-amb', '-n', 'r08-plain'],
    verdict: 'not-injected',
    cause: 'ambient-pod',
    wouldInjectNow: false,
  },
  {
    row: '24',
    dir: 'default-install',
    target: ['web-5b7d9c-r24', '-n', 'r24-ambient-enabled'],
    verdict: 'not-injected',
    cause: 'created-before-enablement',
    wouldInjectNow: true,
    warnings: ['ambient-namespace'],
  },
  {
    row: '25',
    dir: 'default-install',
    target: ['deploy/broken', '-n', 'r02-enabled'],
    verdict: 'not-injected',
    cause: 'webhook-call-failed',
    wouldInjectNow: true,
  },
  {
    row: '26',
    dir: 'default-install',
    target: ['web-5b7d9c-r26', '-n', 'r26-late'],
    verdict: 'not-injected',
    cause: 'created-before-enablement',
    wouldInjectNow: true,
  },
  {
    row: '26 (enabled before creation)',
    dir: 'default-install',
    target: ['web-5b7d9c-r26b', '-n', 'r26-early'],
    verdict: 'not-injected',
    cause: 'not-injected-at-creation',
    wouldInjectNow: true,
  },
  {
    row: 'no Istio',
    dir: 'no-istio',
    target: ['web-5b7d9c-noist', '-n', 'shop'],
    verdict: 'not-injected',
    cause: 'no-injector-webhook',
    wouldInjectNow: false,
  },
  {
    row: 'auto + label false',
    dir: 'auto',
    target: ['web-5b7d9c-autof', '-n', 'r01-plain'],
    verdict: 'not-injected',
    cause: 'pod-label-opt-out',
    wouldInjectNow: false,
  },
  {
    row: 'workload, mixed pods',
    dir: 'default-install',
    target: ['deploy/web', '-n', 'mixed'],
    verdict: 'not-injected',
    cause: 'created-before-enablement',
    wouldInjectNow: true,
  },
];

describe('why-not-injected decision table (istio-semantics.md §1.9) through the CLI with --from -o json', () => {
  it.each(rows)(
    'row $row: $target → $verdict / $cause',
    async ({ dir, target, verdict, cause, wouldInjectNow, revision, warnings }) => {
      const out = await cliJson(['why-not-injected', ...target, '--from', `${fixtures}${dir}`]);
      expect({ verdict: out.verdict, cause: out.cause, wouldInjectNow: out.wouldInjectNow }).toEqual({
        verdict,
        cause,
        wouldInjectNow,
      });
      expect(out.schemaVersion).toBe(1);
      expect(out.cluster).toBe(`files:${fixtures}${dir}`);
      if (revision) expect((out.injectedBy as { revision: string }).revision).toBe(revision);
      // Exactly one error finding, and it is the deciding cause (others are demoted to warnings).
      const errors = out.findings.filter((f) => f.severity === 'error');
      if (verdict === 'not-injected' && !cause.startsWith('ambient')) {
        expect(errors.map((f) => f.cause)).toEqual([cause]);
        expect(out.fix).not.toBeNull();
      } else {
        expect(errors).toEqual([]);
      }
      for (const w of warnings ?? [])
        expect(out.findings.some((f) => f.cause === w && f.severity !== 'pass')).toBe(true);
    },
  );
});
