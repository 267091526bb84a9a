import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { cliJson } from '../helpers/run-cli.ts';

// `labels` against Istio's own analyzers, on Istio's own analyzer test data (read from the Go module
// cache at the pinned version, never copied here). tools/cluster/istio/analyzefiles runs every
// analyzer on a file the way Istio's test grid does (Services, Pods and Namespaces kept, unlike
// `istioctl analyze --use-kube=false`). For every IST0101 (host, host+subset), IST0118, IST0173 and
// IST0174 it reports, meshdoc's `labels` on the same file (for every Service and app in it) must have
// the matching finding on the same object; and every such meshdoc finding the analyzers do not
// report must be one meshdoc makes by design (a subset only another app's pods match, or whose pods
// are not Ready: stricter than IST0173).

const istio = execFileSync('go', ['list', '-m', '-f', '{{.Dir}}', 'istio.io/istio'], {
  cwd: new URL('../../tools/cluster/istio/', import.meta.url).pathname,
  encoding: 'utf8',
  env: { ...process.env, GOFLAGS: '-mod=readonly', GOWORK: 'off' },
}).trim();
const testdata = join(istio, 'pkg/config/analysis/analyzers/testdata');

type Msg = { code: string; message: string; origin?: string };
type Obj = {
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
};

/** IST code → meshdoc cause, for the codes on labels' ground. */
function causeFor(m: Msg): string | undefined {
  if (m.code === 'IST0173') return 'subset-selects-no-pods';
  if (m.code === 'IST0174') return 'destination-rule-host-unknown';
  if (m.code === 'IST0118') return 'port-protocol-unknown';
  if (m.code === 'IST0101' && m.origin?.startsWith('VirtualService ')) {
    if (m.message.includes('host+subset in destinationrule')) return 'undefined-subset';
    if (/Referenced host not found/.test(m.message)) return 'virtual-service-host-unknown';
  }
  return undefined;
}

const files = readdirSync(testdata)
  .filter((f) => f.endsWith('.yaml'))
  .filter((f) =>
    /kind:\s*(DestinationRule|VirtualService|Service)\b/.test(readFileSync(join(testdata, f), 'utf8')),
  );

/**
 * Differences known and not yet closed, each with its reason; the test fails if one stops being a
 * difference (then it goes from this list).
 */
const knownDifferences: Record<string, string> = {
  'virtual-service-host-unknown VirtualService hello/hello-export-to-bogus':
    "meshdoc resolves a VirtualService's hosts from its own namespace; Istio's analyzer also from every namespace the VirtualService is exported to (exportTo)",
};

type Outcome = { expected: string[]; found: string[]; extra: string[]; incomparable: string[] };
const outcomes = new Map<string, Outcome>();

describe("labels against Istio's analyzers on Istio's analyzer test data", () => {
  it.each(files)('%s', async (file) => {
    const path = join(testdata, file);
    const stdout = execFileSync(join(inject('binDir'), 'analyzefiles'), [path], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    // Istio's logger writes its info lines to stdout ahead of the JSON.
    const messages = JSON.parse(stdout.slice(Math.max(0, stdout.search(/^\[/m)))) as Msg[];
    const objects = parseAllDocuments(readFileSync(path, 'utf8'))
      .map((d) => d.toJS() as Obj | null)
      .filter((o): o is Obj => !!o?.kind);
    const ns = (o: Obj) => o.metadata?.namespace ?? 'default';
    // Every Service and every app of the file, each a labels target.
    const targets = new Set<string>();
    for (const o of objects) {
      if (o.kind === 'Service' && o.metadata?.name) targets.add(`svc/${o.metadata.name}\u0000${ns(o)}`);
      const app = o.kind === 'Pod' ? o.metadata?.labels?.app : undefined;
      if (app) targets.add(`${app}\u0000${ns(o)}`);
    }
    const findings = new Set<string>();
    for (const t of targets) {
      const [target = '', namespace = 'default'] = t.split('\u0000');
      const out = await cliJson(['labels', target, '-n', namespace, '--from', path]).catch(() => undefined);
      for (const f of (out?.findings ?? []) as unknown as {
        cause: string;
        severity: string;
        subject: { kind: string; namespace?: string; name: string };
        message: string;
      }[])
        if (f.severity !== 'pass')
          findings.add(
            `${f.cause} ${f.subject.kind} ${f.subject.namespace ?? 'default'}/${f.subject.name}\u0000${f.message}`,
          );
    }
    const namespaces = new Set([...targets].map((t) => t.split('\u0000')[1]));
    const outcome: Outcome = { expected: [], found: [], extra: [], incomparable: [] };
    for (const m of messages) {
      const cause = causeFor(m);
      if (!cause || !m.origin) continue;
      // "VirtualService foo/reviews"; without a namespace, the object is in `default`.
      const [kind, raw = ''] = m.origin.split(' ');
      const ref = raw.includes('/') ? raw : `default/${raw}`;
      const key = `${cause} ${kind} ${ref}`;
      const refNs = ref.split('/')[0];
      // labels looks at a namespace through an app or a Service in it; without one it cannot be asked.
      // And a file without Pods is not "no pods" to meshdoc (it does not guess what was not saved):
      // the causes that read pods are not compared there.
      const needsPods = cause === 'subset-selects-no-pods';
      if (!namespaces.has(refNs) || (needsPods && !objects.some((o) => o.kind === 'Pod'))) {
        outcome.incomparable.push(`${m.code} ${m.origin}`);
        continue;
      }
      const has = [...findings].some((f) => f.startsWith(`${key}\u0000`));
      if (knownDifferences[key]) {
        expect(has, `${key} is no longer a difference: remove it from knownDifferences`).toBe(false);
        outcome.incomparable.push(`${m.code} ${m.origin} (known difference: ${knownDifferences[key]})`);
        continue;
      }
      outcome.expected.push(key);
      if (has) outcome.found.push(key);
    }
    const mapped = new Set(
      messages.map((m) => m.origin && causeFor(m) && `${causeFor(m)} ${m.origin}`).filter(Boolean),
    );
    for (const f of findings) {
      const [key = '', message = ''] = f.split('\u0000');
      if (
        !/^(subset-selects-no-pods|destination-rule-host-unknown|port-protocol-unknown|undefined-subset|virtual-service-host-unknown) /.test(
          key,
        )
      )
        continue;
      if (mapped.has(key)) continue;
      // By design: stricter than IST0173.
      if (/only pods of another app|not Ready/.test(message)) continue;
      outcome.extra.push(`${key}: ${message}`);
    }
    outcomes.set(file, outcome);
    expect(outcome.found, 'every analyzer message has its labels finding').toEqual(outcome.expected);
    expect(outcome.extra, 'no labels finding the analyzers contradict').toEqual([]);
  });

  it('compared a meaningful number of files and messages (printed)', () => {
    const all = [...outcomes.values()];
    const expected = all.reduce((n, o) => n + o.expected.length, 0);
    const incomparable = all.flatMap((o) => o.incomparable);
    console.log(
      `[labels vs Istio analyzers] ${outcomes.size} files, ${expected} messages compared, ${all.reduce((n, o) => n + o.found.length, 0)} matched; ${incomparable.length} not comparable (no app or Service in their namespace for labels to look at, or a subset check in a file without Pods): ${incomparable.join('; ')}`,
    );
    expect(outcomes.size).toBeGreaterThan(20);
    expect(expected).toBeGreaterThan(5);
  });
});
