import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { EvidenceKind } from '../../src/core/evidence.ts';
import type { Finding } from '../../src/core/finding.ts';
import { gathered } from '../../src/core/gathered.ts';
import { catalogue } from '../../src/diagnostics/catalogue.ts';
import { findingProducers } from '../../src/diagnostics/index.ts';
import { decideInjection } from '../../src/diagnostics/injection/decide-injection.ts';
import { injectionChecks } from '../../src/diagnostics/injection/injection-checks.ts';
import type { InjectionEvidence } from '../../src/diagnostics/injection/injection-evidence.ts';
import type { InjectionInput } from '../../src/diagnostics/injection/injection-input.ts';
import { openConfigDump } from '../../src/envoy/config-dump.ts';
import { DeploymentSchema, type Pod, PodSchema } from '../../src/schemas/kube.ts';
import { summarizeConfigDump } from '../../src/summaries/config-dump-summary.ts';
import { fixture, fixtureNow } from '../envoy/run-proxy-command.ts';
import { chartWebhooks, evidence } from '../helpers/injection-evidence.ts';
import { cliJson } from '../helpers/run-cli.ts';

// Every finding a check returns must use a cause, code and severity the check declared in
// `emits`; every finding the verdict reports (after demotion) must fit the catalogue. Runs the
// checks over every object of the injection fixtures (the decision table's inputs) and the
// evidence-built scenarios below (some from causes.test.ts), recording what each check returned and which
// evidence kinds it read (istio's collection reporter: declared needs must equal what was read).
// Conversely, every declared non-pass severity must be produced somewhere here: a new cause needs
// a triggering input, and a warning only reached by demotion needs a scenario with an earlier blocker.
const fixtures = new URL('../fixtures/injection/', import.meta.url);
// The injection checks; the TLS checks have their own grid (test/unit/tls/tls-causes.test.ts).
const checks = injectionChecks;
const emitted = new Map<string, Finding[]>();
const read = new Map<string, Set<EvidenceKind>>();
const reported: Finding[] = [];

// The evidence kinds each prepared-input field is derived from: a check reading the field needs them.
const webhookStage: EvidenceKind[] = ['pod', 'namespace', 'mutatingWebhooks'];
const fieldKinds: Record<keyof InjectionInput, EvidenceKind[]> = {
  pod: ['pod'],
  namespace: ['pod'],
  target: [],
  targetKind: [],
  workload: ['workload'],
  sidecar: ['pod'],
  namespaceObject: ['namespace'],
  namespaceLabels: ['namespace'],
  evaluations: webhookStage,
  called: webhookStage,
  injector: ['injectorConfigs'],
  injectorRef: ['injectorConfigs'],
  stageB: ['pod', 'injectorConfigs'],
  opt: ['pod'],
  wouldInjectNow: [...webhookStage, 'injectorConfigs'],
  fix: [],
  notes: [],
  notSaved: [],
};

/** The input, recording which evidence kinds the check reads (the workload's pods separately). */
function recording(input: InjectionInput, kinds: Set<EvidenceKind>): InjectionInput {
  return new Proxy(input, {
    get(target, key, receiver) {
      for (const kind of fieldKinds[key as keyof InjectionInput] ?? []) kinds.add(kind);
      const value = Reflect.get(target, key, receiver);
      if (key !== 'workload' || !value) return value;
      return new Proxy(value, {
        get(w, k, r) {
          if (k === 'pods') kinds.add('workloadPods');
          return Reflect.get(w, k, r);
        },
      });
    },
  });
}

/** The evidence for a deployment of `ev.pod`, with running `pods` and a ReplicaFailure `failure`. */
function withWorkload(ev: InjectionEvidence, pods: Pod[], failure: string): InjectionEvidence {
  const object = DeploymentSchema.parse({
    metadata: { name: 'app', namespace: 'shop' },
    spec: { template: { metadata: ev.pod.metadata, spec: ev.pod.spec } },
    status: { conditions: [{ type: 'ReplicaFailure', status: 'True', message: failure }] },
  });
  return { ...ev, workload: { kind: 'deployment', object, pods: gathered(pods) } };
}

/** The same pod, in a namespace istiod ignores. */
function inKubeSystem(ev: InjectionEvidence): InjectionEvidence {
  ev.pod.metadata.namespace = 'kube-system';
  return ev;
}

/** `why-not-injected` targets for every Pod and Deployment in a fixture directory. */
function targets(dir: string): string[][] {
  const files = readdirSync(new URL(`${dir}/`, fixtures)).filter((f) => f.endsWith('.yaml'));
  return files.flatMap((f) =>
    parseAllDocuments(readFileSync(new URL(`${dir}/${f}`, fixtures), 'utf8'))
      .map((d) => d.toJS() as { kind?: string; metadata?: { name: string; namespace?: string } } | null)
      .filter((o) => o?.metadata && (o.kind === 'Pod' || o.kind === 'Deployment'))
      .map((o) => {
        const name = o?.kind === 'Deployment' ? `deploy/${o.metadata?.name}` : (o?.metadata?.name ?? '');
        return [name, '-n', o?.metadata?.namespace ?? 'default'];
      }),
  );
}

beforeAll(() => {
  for (const check of checks) {
    const run = check.run.bind(check);
    vi.spyOn(check, 'run').mockImplementation((input) => {
      const kinds = read.get(check.id) ?? new Set();
      read.set(check.id, kinds);
      const out = run(recording(input, kinds));
      emitted.set(check.id, [...(emitted.get(check.id) ?? []), ...out]);
      return out;
    });
  }
});
afterAll(() => vi.restoreAllMocks());

describe('checks emit only what they declare', () => {
  const dirs = readdirSync(fixtures, { withFileTypes: true }).filter((d) => d.isDirectory());
  it.each(dirs.map((d) => d.name))('fixtures %s', async (dir) => {
    for (const target of targets(dir)) {
      const out = await cliJson(['why-not-injected', ...target, '--from', new URL(dir, fixtures).pathname]);
      reported.push(...out.findings.map((f) => f as Finding));
    }
  });

  it('evidence-built scenarios', () => {
    const sidecar = [{ name: 'app' }, { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.28.2' }];
    const runningPod = (name: string, containers: { name: string; image?: string }[]) =>
      PodSchema.parse({
        metadata: { name, namespace: 'shop', creationTimestamp: '2020-01-01T00:00:00Z' },
        spec: { containers },
      });
    const bare = runningPod('app-old', [{ name: 'app' }]);
    const injectedPod = runningPod('app-inj', sidecar);
    const failedCall =
      'Internal error occurred: failed calling webhook "namespace.sidecar-injector.istio.io": connection refused';
    const enabled = { 'istio-injection': 'enabled' };
    const custom = chartWebhooks();
    for (const w of custom.webhooks) w.namespaceSelector = { matchLabels: { team: 'mesh' } };
    const deactivated = chartWebhooks();
    const never = { matchLabels: { 'istio.io/deactivated': 'never-match' } };
    for (const w of deactivated.webhooks)
      Object.assign(w, { namespaceSelector: never, objectSelector: never });
    const always = [{ matchLabels: { app: 'x' } }];
    const scenarios = [
      evidence({ nsLabels: { 'istio.io/rev': 'default' }, webhooks: [custom] }),
      evidence({ nsLabels: enabled, webhooks: [chartWebhooks(), chartWebhooks('default', { name: 'tag' })] }),
      evidence({ nsLabels: enabled, config: { policy: 'Enabled' } }),
      evidence({
        nsLabels: enabled,
        podLabels: { app: 'x' },
        config: { policy: 'disabled', alwaysInjectSelector: always },
      }),
      evidence({ nsLabels: enabled, podLabels: { 'sidecar.istio.io/inject': 'yes' } }),
      evidence({ nsLabels: enabled, webhooks: 'forbidden' }),
      evidence({ nsLabels: { 'istio-injection': 'disabled' }, containers: [{ name: 'istio-proxy' }] }),
      // One per blocker, so that each is seen again demoted behind hostNetwork below.
      evidence({ nsLabels: enabled, webhooks: [] }),
      evidence({ nsLabels: enabled, webhooks: [deactivated] }),
      evidence({ nsLabels: { 'istio-injection': 'disabled' } }),
      evidence({ nsLabels: { 'istio-injection': 'true' } }),
      evidence({ nsLabels: enabled, webhooks: [chartWebhooks('canary')] }),
      evidence({ nsLabels: { 'istio.io/rev': 'nope' } }),
      evidence({ annotations: { 'sidecar.istio.io/inject': 'true' } }),
      evidence({ nsLabels: enabled, webhooks: [custom] }),
      evidence({ nsLabels: enabled, config: { policy: 'disabled' } }),
      evidence({ nsLabels: enabled, config: { policy: 'bogus' } }),
      evidence({ nsLabels: enabled, podLabels: { app: 'x' }, config: { neverInjectSelector: always } }),
      evidence({ nsLabels: enabled, podLabels: { 'sidecar.istio.io/inject': 'false' } }),
      evidence({ nsLabels: enabled, annotations: { 'sidecar.istio.io/inject': 'false' } }),
      inKubeSystem(evidence({ nsLabels: enabled })),
      // Injector-stage blockers behind a webhook-stage one (namespace not enabled).
      evidence({ config: { policy: 'disabled' } }),
      evidence({ config: { policy: 'bogus' } }),
      evidence({ podLabels: { app: 'x' }, config: { neverInjectSelector: always } }),
      // Injected by a revision the namespace no longer selects.
      evidence({
        nsLabels: { 'istio.io/rev': 'canary' },
        webhooks: [chartWebhooks('canary')],
        annotations: { 'istio.io/rev': 'old' },
        containers: sidecar,
      }),
      // A workload that cannot create pods, whose running pod predates enablement.
      withWorkload(evidence({ nsLabels: enabled }), [bare], failedCall),
      // A workload whose running pods are injected: every template blocker is reported demoted.
      withWorkload(evidence({ nsLabels: enabled }), [injectedPod], failedCall),
    ];
    for (const ev of scenarios) {
      reported.push(...decideInjection(ev).findings);
      // hostNetwork is a hard rule, istiod's first: every later blocker is reported demoted.
      ev.pod.spec.hostNetwork = true;
      reported.push(...decideInjection(ev).findings);
    }
  });

  it('every recorded finding is declared by the check that returned it', () => {
    for (const check of checks) {
      for (const f of emitted.get(check.id) ?? []) {
        const spec = check.emits.find((s) => s.cause === f.cause);
        expect(spec, `${check.id} emitted undeclared ${f.cause}`).toBeDefined();
        expect(f.code, `${check.id} ${f.cause}`).toBe(spec?.code);
        expect(spec?.severities, `${check.id} ${f.cause}`).toContain(f.severity);
      }
    }
  });

  it('every reported finding (after demotion) fits the catalogue', () => {
    expect(reported.length).toBeGreaterThan(100);
    for (const f of reported) {
      const spec = catalogue.find((s) => s.cause === f.cause);
      expect(spec?.code, f.cause).toBe(f.code);
      expect(spec?.severities, `${f.cause} ${f.severity}`).toContain(f.severity);
    }
  });

  it("every check's declared needs are exactly the evidence kinds it read", () => {
    const sorted = (kinds: Iterable<string>) => [...kinds].sort().join(',');
    const actual = Object.fromEntries(checks.map((c) => [c.id, sorted(read.get(c.id) ?? [])]));
    expect(actual).toEqual(Object.fromEntries(checks.map((c) => [c.id, sorted(c.needs)])));
  });

  it('every declared non-pass severity of every cause is produced somewhere in the grid', () => {
    const seen = new Set(
      [...reported, ...[...emitted.values()].flat()].map((f) => `${f.cause} ${f.severity}`),
    );
    const never = checks.flatMap((c) =>
      c.emits.flatMap((spec) =>
        spec.severities
          .filter((sev) => sev !== 'pass' && !seen.has(`${spec.cause} ${sev}`))
          .map((sev) => `${c.id}: ${spec.cause} ${sev}`),
      ),
    );
    expect(never).toEqual([]);
  });

  it('every check ran and returned findings somewhere in the grid', () => {
    for (const check of checks) expect(emitted.get(check.id)?.length ?? 0, check.id).toBeGreaterThan(0);
  });
});

describe('proxy finding producers emit only what they declare', () => {
  it('every finding of the problems dump is declared by a producer, with that severity', () => {
    const dump = openConfigDump(readFileSync(fixture('problems.json')), 'problems.json');
    const subject = { kind: 'Pod', namespace: 'default', name: 'web-1' };
    const { findings } = summarizeConfigDump(dump, fixtureNow, subject);
    expect(findings.length).toBeGreaterThan(5);
    const declared = findingProducers.flatMap((p) => p.emits);
    for (const f of findings) {
      const spec = declared.find((s) => s.cause === f.cause);
      expect(spec?.code, f.cause).toBe(f.code);
      expect(spec?.severities, f.cause).toContain(f.severity);
    }
  });
});
