import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { EvidenceKind } from '../../src/core/evidence.ts';
import type { Finding } from '../../src/core/finding.ts';
import { catalogue } from '../../src/diagnostics/catalogue.ts';
import { checks, findingProducers } from '../../src/diagnostics/index.ts';
import { decideInjection } from '../../src/diagnostics/injection/decide-injection.ts';
import type { InjectionInput } from '../../src/diagnostics/injection/injection-input.ts';
import { openConfigDump } from '../../src/envoy/config-dump.ts';
import { summarizeConfigDump } from '../../src/summaries/config-dump-summary.ts';
import { fixture, fixtureNow } from '../envoy/run-proxy-command.ts';
import { chartWebhooks, evidence } from '../helpers/injection-evidence.ts';
import { cliJson } from '../helpers/run-cli.ts';

// Every finding a check returns must use a cause, code and severity the check declared in
// `emits`; every finding the verdict reports (after demotion) must fit the catalogue. Runs the
// checks over every object of the injection fixtures (the decision table's inputs) and the
// evidence-built scenarios of causes.test.ts, recording what each check returned and which
// evidence kinds it read (istio's collection reporter: declared needs must equal what was read).
const fixtures = new URL('../fixtures/injection/', import.meta.url);
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
    const enabled = { 'istio-injection': 'enabled' };
    const custom = chartWebhooks();
    for (const w of custom.webhooks) w.namespaceSelector = { matchLabels: { team: 'mesh' } };
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
    ];
    for (const ev of scenarios) reported.push(...decideInjection(ev).findings);
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
