import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import type { CommandContext } from '../../src/core/command.ts';
import { runInvocation } from '../../src/core/run-invocation.ts';
import { openConfigDump } from '../../src/envoy/config-dump.ts';
import { bundleFromSaved, SavedEvidenceSchema, toSavedEvidence } from '../../src/evidence/saved-evidence.ts';
import { LiveKubeReader } from '../../src/gatherers/kube/live-kube-reader.ts';
import { openReader } from '../../src/open-reader.ts';
import { renderJson } from '../../src/renderers/json.ts';
import { FakeKubeApi, type Obj } from '../helpers/fake-kube-api.ts';
import { cli } from '../helpers/run-cli.ts';
import { syntheticCluster } from '../helpers/synthetic-cluster.ts';

let api: FakeKubeApi | undefined;
afterEach(async () => {
  await api?.stop();
  api = undefined;
});

const now = () => new Date('2030-01-01T00:00:00Z');

async function gatherLive(objects: Obj[], args: string[], forbid: string[] = []) {
  api = new FakeKubeApi({ objects, forbid });
  const reader = new LiveKubeReader({ kubeConfig: api.kubeConfig(await api.start()), timeoutMs: 5000 });
  const ctx: CommandContext = { defaultNamespace: 'default', now, reader: async () => reader };
  return runInvocation(['why-not-injected', ...args], 'cli', commands, ctx);
}

function replay(args: string[]) {
  const ctx: CommandContext = {
    defaultNamespace: 'default',
    now,
    reader: (choice) => openReader({ from: choice?.from, timeoutMs: 1000, env: {} }),
  };
  return runInvocation(['why-not-injected', ...args], 'cli', commands, ctx);
}

/** The JSON report without its timing, which differs run to run. */
function jsonReport(out: Awaited<ReturnType<typeof replay>>): unknown {
  if (!out.ok) throw out.error;
  const { durationMs: _ignored, ...report } = JSON.parse(renderJson(out.report)) as Record<string, unknown>;
  return report;
}

function workloadCluster(): Obj[] {
  const objects = syntheticCluster(6, 2);
  objects.push({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app-1', namespace: 'ns-1' },
    spec: {
      selector: { matchLabels: { app: 'app-1' } },
      template: {
        metadata: { labels: { app: 'app-1', 'sidecar.istio.io/inject': 'false' } },
        spec: { containers: [{ name: 'a' }] },
      },
    },
  });
  return objects;
}

describe('--save-evidence, then --from the saved file', () => {
  const cases: { name: string; objects: () => Obj[]; args: string[]; forbid?: string[]; verdict: string }[] =
    [
      {
        name: 'a pod',
        objects: () => syntheticCluster(6, 2),
        args: ['app-1-5b7d9c-x1', '-n', 'ns-1'],
        verdict: 'not-injected',
      },
      {
        name: 'a deployment and its pods',
        objects: workloadCluster,
        args: ['deploy/app-1', '-n', 'ns-1'],
        verdict: 'not-injected',
      },
      {
        name: 'a pod, with webhooks forbidden (missing evidence)',
        objects: () => syntheticCluster(6, 2),
        args: ['app-1-5b7d9c-x1', '-n', 'ns-1'],
        forbid: ['list mutatingwebhookconfigurations'],
        verdict: 'unknown',
      },
    ];
  for (const c of cases) {
    it(`replays ${c.name} to the same JSON report`, async () => {
      const file = join(await mkdtemp(join(tmpdir(), 'meshdoc-evidence-')), 'evidence.json');
      const gathered = await gatherLive(
        c.objects(),
        [...c.args, '--save-evidence', file, '-o', 'json'],
        c.forbid,
      );
      expect(gathered.ok && gathered.report.verdict).toBe(c.verdict);
      const saved = SavedEvidenceSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
      expect(saved.meshdocEvidence).toBe(1);
      expect(saved.cluster).toBe('fake-cluster');
      await api?.stop();
      const replayed = await replay([...c.args, '--from', file, '-o', 'json']);
      expect(jsonReport(replayed)).toEqual(jsonReport(gathered));
    });
  }

  it('keeps the forbidden message verbatim in the saved missing map', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'meshdoc-evidence-')), 'evidence.json');
    await gatherLive(
      syntheticCluster(6, 2),
      ['app-1-5b7d9c-x1', '-n', 'ns-1', '--save-evidence', file],
      ['list mutatingwebhookconfigurations'],
    );
    const saved = SavedEvidenceSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(saved.missing.mutatingWebhooks?.reason).toBe('forbidden');
    expect(saved.missing.mutatingWebhooks?.message).toContain(
      'verb "list" on resource "mutatingwebhookconfigurations.admissionregistration.k8s.io"',
    );
  });

  it('refuses to replay evidence about another target', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'meshdoc-evidence-')), 'evidence.json');
    await gatherLive(syntheticCluster(6, 2), ['app-1-5b7d9c-x1', '-n', 'ns-1', '--save-evidence', file]);
    const out = await replay(['app-3-5b7d9c-x3', '-n', 'ns-1', '--from', file]);
    expect(!out.ok && out.error.userMessage).toBe(
      'The saved evidence is about pod ns-1/app-1-5b7d9c-x1, not pod ns-1/app-3-5b7d9c-x3.',
    );
  });

  it('is CLI-only: Slack refuses --save-evidence', async () => {
    const ctx: CommandContext = {
      defaultNamespace: 'default',
      now,
      reader: () => Promise.reject(new Error('no')),
    };
    const out = await runInvocation(
      ['why-not-injected', 'x', '--save-evidence', '/tmp/x.json'],
      'slack',
      commands,
      ctx,
    );
    expect(!out.ok && out.error.code).toBe('usage');
    expect(!out.ok && out.error.userMessage).toContain('--save-evidence reads files');
  });
});

describe('secrets in saved evidence', () => {
  const secret = 'hunter2-s3cr3t';
  const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration';

  /** The synthetic cluster, with a password in env and kubectl's last-applied copy on the pod and the Deployment. */
  function clusterWithSecrets(): Obj[] {
    const env = [
      { name: 'DB_PASSWORD', value: secret },
      { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
    ];
    const objects = workloadCluster();
    for (const o of objects) {
      if (o.kind !== 'Pod' && o.kind !== 'Deployment') continue;
      o.metadata.annotations = { [lastApplied]: JSON.stringify({ env }) };
      const spec = (
        o.kind === 'Pod' ? o.spec : (o.spec as { template: { spec: unknown } }).template.spec
      ) as {
        containers: Record<string, unknown>[];
      };
      spec.containers = spec.containers.map((c) => ({ ...c, env }));
    }
    return objects;
  }

  for (const args of [
    ['app-1-5b7d9c-x1', '-n', 'ns-1'],
    ['deploy/app-1', '-n', 'ns-1'],
  ]) {
    it(`are redacted when saving ${args[0]}, and the replay answers the same`, async () => {
      const file = join(await mkdtemp(join(tmpdir(), 'meshdoc-evidence-')), 'evidence.json');
      const gathered = await gatherLive(clusterWithSecrets(), [
        ...args,
        '--save-evidence',
        file,
        '-o',
        'json',
      ]);
      const text = readFileSync(file, 'utf8');
      expect(text).not.toContain(secret);
      expect(text).not.toContain(lastApplied);
      expect(text).toContain('(redacted by meshdoc)');
      expect(text).toContain('secretKeyRef');
      await api?.stop();
      const replayed = await replay([...args, '--from', file, '-o', 'json']);
      expect(jsonReport(replayed)).toEqual(jsonReport(gathered));
    });
  }
});

describe('config dumps in saved evidence', () => {
  it('are saved as a reference and size only, never their bytes (secrets, megabytes)', () => {
    const buffer = readFileSync(new URL('../fixtures/envoy/sidecar-small.json', import.meta.url));
    const dump = openConfigDump(buffer, 'shop/web-1');
    const ref = {
      source: 'live' as const,
      name: 'shop/web-1',
      bytes: buffer.length,
      format: dump.format,
      cluster: 'prod',
      target: 'shop/web-1',
    };
    const scope = { namespace: 'shop', target: { kind: 'pod' as const, namespace: 'shop', name: 'web-1' } };
    const saved = toSavedEvidence(
      { values: { configDump: { ref, dump } }, missing: {}, assumed: {} },
      { cluster: 'prod', kubectl: 'kubectl', scope },
    );
    const text = JSON.stringify(saved);
    expect(saved.configDump).toEqual(ref);
    expect(text.length).toBeLessThan(1000);
    expect(text).not.toContain('type.googleapis.com');
    // Replayed, the dump is missing and the note says why, with its size.
    const replayed = bundleFromSaved(saved, scope, ['configDump']);
    expect(replayed.values.configDump).toBeUndefined();
    expect(replayed.missing.configDump?.reason).toBe('not_in_files');
    expect(replayed.missing.configDump?.message).toContain(`${buffer.length} bytes`);
  });
});

describe('replaying evidence saved from --from files', () => {
  it('keeps the kubectl command that saves what the files lack, so the verdict is unchanged', async () => {
    const fixture = new URL('../fixtures/injection/no-webhooks-saved', import.meta.url).pathname;
    const file = join(await mkdtemp(join(tmpdir(), 'meshdoc-evidence-')), 'evidence.json');
    const args = ['why-not-injected', 'web-5b7d9c-nows', '-n', 'shop', '-o', 'json'];
    const gathered = await cli([...args, '--from', fixture, '--save-evidence', file]);
    const replayed = await cli([...args, '--from', file]);
    expect(gathered.code).toBe(0);
    expect(replayed.code).toBe(0);
    const original = JSON.parse(gathered.stdout) as Record<string, unknown>;
    expect(original.verdict).toBe('not-injected');
    const saved = SavedEvidenceSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(saved.missing.mutatingWebhooks?.saveWith).toContain('kubectl get mutatingwebhookconfigurations');
    expect(withoutTiming(JSON.parse(replayed.stdout))).toEqual(withoutTiming(original));
  });
});

/** A CLI JSON report without its timing, which differs run to run. */
function withoutTiming(report: Record<string, unknown>): unknown {
  const { durationMs: _ignored, ...rest } = report;
  return rest;
}
