import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { areas } from '../../src/core/check.ts';
import { evidenceKinds } from '../../src/core/evidence.ts';
import { catalogue } from '../../src/diagnostics/catalogue.ts';
import { checks, findingProducers } from '../../src/diagnostics/index.ts';
import { webhookSelection } from '../../src/diagnostics/injection/checks/webhook-selection.ts';
import { injectionStages } from '../../src/diagnostics/injection/injection-input.ts';
import { noWebhookExplainers } from '../../src/diagnostics/injection/no-webhook/explain-no-webhook.ts';

// The registry meta-tests (architecture-examples.md §4.8, after istio's analyzers_test.go).
const codeRange: Record<string, RegExp> = {
  injection: /^MESH01\d\d$/,
  tls: /^MESH02\d\d$/,
  labels: /^MESH03\d\d$/,
  canary: /^MESH04\d\d$/,
  proxy: /^MESH05\d\d$/,
};
const all = [...checks, ...findingProducers];

describe('the check registry', () => {
  it('is sorted by id, and ids are unique and area.kebab-name', () => {
    for (const list of [checks, findingProducers]) {
      const ids = list.map((c) => c.id);
      expect(ids).toEqual([...ids].sort());
    }
    const ids = all.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of all) {
      expect(c.id).toMatch(/^[a-z]+\.[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(c.id.split('.')[0]).toBe(c.area);
      expect(areas).toContain(c.area);
    }
  });

  it('every check has a title, at least one emitted cause, and needs only known evidence kinds', () => {
    for (const c of all) {
      expect(c.title.length, c.id).toBeGreaterThan(0);
      expect(c.emits.length, c.id).toBeGreaterThan(0);
      for (const spec of c.emits) expect(spec.code, c.id).toMatch(codeRange[c.area] ?? /^$/);
    }
    for (const c of checks) for (const need of c.needs) expect(evidenceKinds).toContain(need);
  });

  it("each area's own list holds exactly that area's checks (commands load only their own)", async () => {
    const { injectionChecks } = await import('../../src/diagnostics/injection/injection-checks.ts');
    const { tlsChecks } = await import('../../src/diagnostics/tls/tls-checks.ts');
    const { labelsChecks } = await import('../../src/diagnostics/labels/labels-checks.ts');
    const { canaryChecks } = await import('../../src/diagnostics/canary/canary-checks.ts');
    expect(canaryChecks.map((c) => c.id)).toEqual(checks.filter((c) => c.area === 'canary').map((c) => c.id));
    expect(labelsChecks.map((c) => c.id)).toEqual(checks.filter((c) => c.area === 'labels').map((c) => c.id));
    expect(injectionChecks.map((c) => c.id)).toEqual(
      checks.filter((c) => c.area === 'injection').map((c) => c.id),
    );
    expect(tlsChecks.map((c) => c.id)).toEqual(checks.filter((c) => c.area === 'tls').map((c) => c.id));
    for (const c of tlsChecks) expect(c.area).toBe('tls');
  });

  it('every check file is registered', async () => {
    const registered = new Set<unknown>(all);
    // canary's checks sit one folder deeper, by catalogue letter (routing, pods, traffic, health, controller).
    const folders = [
      'injection/checks/',
      'labels/checks/',
      'tls/checks/',
      ...readdirSync(new URL('../../src/diagnostics/canary/checks/', import.meta.url)).map(
        (d) => `canary/checks/${d}/`,
      ),
    ];
    for (const folder of folders)
      for (const file of readdirSync(new URL(`../../src/diagnostics/${folder}`, import.meta.url)).filter(
        (f) => f.endsWith('.ts'),
      )) {
        const dir = new URL(`../../src/diagnostics/${folder}`, import.meta.url);
        const mod: Record<string, unknown> = await import(new URL(file, dir).href);
        for (const [name, value] of Object.entries(mod)) {
          const isCheck = typeof value === 'object' && value !== null && 'run' in value && 'id' in value;
          if (isCheck) expect(registered.has(value), `${file}: ${name}`).toBe(true);
        }
      }
  });

  it('every check of area injection has an injection stage (what decideInjection orders them by)', () => {
    for (const c of checks) {
      expect(c.id.split('.')[0], c.id).toBe(c.area);
      if (c.area === 'injection') expect(injectionStages, c.id).toContain('stage' in c ? c.stage : undefined);
    }
  });

  it('every explainer file is in the ordered list exactly once, and its cause is in the catalogue', async () => {
    const dir = new URL('../../src/diagnostics/injection/no-webhook/', import.meta.url);
    let found = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const mod: Record<string, unknown> = await import(new URL(file, dir).href);
      for (const [name, value] of Object.entries(mod)) {
        const isExplainer =
          typeof value === 'object' && value !== null && 'applies' in value && 'explain' in value;
        if (!isExplainer) continue;
        found += 1;
        const times = noWebhookExplainers.filter((e) => e === value).length;
        expect(times, `${file}: ${name} in noWebhookExplainers`).toBe(1);
      }
    }
    expect(found).toBe(noWebhookExplainers.length);
    for (const e of noWebhookExplainers) expect(catalogue, e.spec.cause).toContain(e.spec);
  });

  it('stage A declares every cause its explainers can give', () => {
    for (const e of noWebhookExplainers) expect(webhookSelection.emits).toContain(e.spec);
  });
});

describe('the catalogue', () => {
  it('has unique, well-formed codes and cause ids', () => {
    const codes = catalogue.map((c) => c.code);
    const causes = catalogue.map((c) => c.cause);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(causes).size).toBe(causes.length);
    for (const c of catalogue) {
      expect(c.code).toMatch(/^MESH\d{4}$/);
      expect(c.cause).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(c.title.length).toBeGreaterThan(0);
      expect(c.severities.length).toBeGreaterThan(0);
    }
  });

  it('is exactly what the registered checks and producers declare', () => {
    const declared = new Set(all.flatMap((c) => c.emits));
    expect(new Set(catalogue)).toEqual(declared);
  });
});
