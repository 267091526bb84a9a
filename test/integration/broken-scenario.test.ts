import { KubeConfig } from '@kubernetes/client-node';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { applyBrokenScenario, expectedAnswers } from './harness/broken-scenario.ts';
import { meshdocLive } from './harness/meshdoc-live.ts';

// The scenario `npm run cluster:up` deploys, against the suite's real control plane.
let meshdoc: ReturnType<typeof meshdocLive>;

beforeAll(async () => {
  const admin = new KubeConfig();
  admin.loadFromFile(inject('kubeconfig'));
  await applyBrokenScenario(admin, (s) => console.warn(s));
  meshdoc = meshdocLive(admin);
}, 180_000);

describe("the local cluster's broken workloads get the right answer", () => {
  it.each(expectedAnswers)('$target -n $ns → $verdict ($cause)', async ({ target, ns, verdict, cause }) => {
    const out = await meshdoc(['why-not-injected', target, '-n', ns]);
    if (!out.ok) throw new Error(out.error.userMessage);
    expect([out.report.verdict, out.report.data?.cause]).toEqual([verdict, cause]);
  });
});
