import type { ScenarioInput } from './scenario.ts';

// Ready-made scenarios for canary status: one stable and one canary version of a Service, named
// the way each canary mode names them (canary.md §6.2), with the traffic that makes one verdict.
// Every builder takes the namespace and Service of the test, so tests never share a series.

type VersionInput = ScenarioInput['versions'][number];
type CallerInput = NonNullable<ScenarioInput['callers']>[number];

/**
 * How the two versions are told apart in the metrics:
 * - `subset` (plain Istio, Argo subset-level): workloads `<svc>-v1` / `<svc>-v2`, versions v1 / v2;
 * - `flagger`: workloads `<svc>-primary` (stable) / `<svc>` (canary), versions v1 / v2;
 * - `argo-host`: one workload `<svc>` (both ReplicaSets of the Rollout), Services `<svc>-stable` /
 *   `<svc>-canary`, versions v1 / v2.
 */
export type Naming = 'subset' | 'flagger' | 'argo-host';

export type ScenarioTarget = { namespace: string; service: string; naming?: Naming };

/** The labels that tell the stable version from the canary, for a test's queries. */
export function versionNames(target: ScenarioTarget): {
  stable: { version: string; workload: string; service: string };
  canary: { version: string; workload: string; service: string };
} {
  const svc = target.service;
  switch (target.naming ?? 'subset') {
    case 'subset':
      return {
        stable: { version: 'v1', workload: `${svc}-v1`, service: svc },
        canary: { version: 'v2', workload: `${svc}-v2`, service: svc },
      };
    case 'flagger':
      return {
        stable: { version: 'v1', workload: `${svc}-primary`, service: svc },
        canary: { version: 'v2', workload: svc, service: svc },
      };
    case 'argo-host':
      return {
        stable: { version: 'v1', workload: svc, service: `${svc}-stable` },
        canary: { version: 'v2', workload: svc, service: `${svc}-canary` },
      };
  }
}

/** The default callers: the ingress gateway (three quarters) and one in-mesh client. */
export function defaultCallers(namespace: string): CallerInput[] {
  return [
    { workload: 'istio-ingressgateway', namespace: 'istio-system', app: 'istio-ingressgateway', share: 3 },
    { workload: 'frontend-v1', namespace, app: 'frontend', version: 'v1', share: 1 },
  ];
}

type Overrides = { stable?: Partial<VersionInput>; canary?: Partial<VersionInput> };

function stableAndCanary(
  target: ScenarioTarget,
  overrides: Overrides,
  rest: Partial<ScenarioInput> = {},
): ScenarioInput {
  const names = versionNames(target);
  const version = (which: 'stable' | 'canary', rps: number): VersionInput => {
    const n = names[which];
    return {
      version: n.version,
      workload: n.workload,
      ...(target.naming === 'argo-host' ? { service: n.service } : {}),
      rps,
      errorShare: 0.001,
      latencyMs: { p50: 20, p99: 80 },
      ...overrides[which],
    };
  };
  return {
    namespace: target.namespace,
    service: target.service,
    callers: defaultCallers(target.namespace),
    versions: [version('stable', 18), version('canary', 2)],
    ...rest,
  };
}

/** 90/10 as configured; both versions answer 0.1 % 5xx with p50 20 ms, p99 80 ms. */
export function canaryHealthy(target: ScenarioTarget): ScenarioInput {
  return stableAndCanary(target, {});
}

/** As healthy, but the canary answers `share` (default 5 %) of its requests with 500. */
export function canaryWithErrors(target: ScenarioTarget, share = 0.05): ScenarioInput {
  return stableAndCanary(target, { canary: { errorShare: share, errorCode: 500 } });
}

/** As healthy, but the canary is slow: p50 150 ms, p99 1200 ms (stable: 20 / 80 ms). */
export function canarySlow(target: ScenarioTarget): ScenarioInput {
  return stableAndCanary(target, { canary: { latencyMs: { p50: 150, p99: 1200 } } });
}

/** The canary exists but receives nothing: no canary series at all (stable 20 rps). */
export function canaryReceivingNothing(target: ScenarioTarget): ScenarioInput {
  return stableAndCanary(target, { stable: { rps: 20 }, canary: { rps: 0 } });
}

/**
 * Configured 90/10, observed 70/30 (stable 14 rps, canary 6 rps): the observed canary share is
 * 0.3 from every caller.
 */
export function splitDiffersFromWeights(target: ScenarioTarget): ScenarioInput {
  return stableAndCanary(target, { stable: { rps: 14 }, canary: { rps: 6 } });
}

/**
 * Healthy versions, plus the routing layer failing at the gateway: 1 rps of NC (no cluster:
 * destination workload labels `unknown`) and 0.5 rps of UH on the canary (its subset has no
 * healthy host), both 503 and reported by the caller's proxy only.
 */
export function routingFailures(target: ScenarioTarget): ScenarioInput {
  return stableAndCanary(
    target,
    {},
    {
      routingFailures: [
        { flag: 'NC', rps: 1, caller: 'istio-ingressgateway' },
        {
          flag: 'UH',
          rps: 0.5,
          version: versionNames(target).canary.version,
          caller: 'istio-ingressgateway',
        },
      ],
    },
  );
}

/**
 * Too little traffic to judge: stable 0.2 rps, canary 0.03 rps (in a 5-minute window about 60 and
 * 9 requests; the guard rails want ≥ 100 in total, ≥ 20 on the canary and ≥ 50 per version for
 * error rates).
 */
export function tooLittleTraffic(target: ScenarioTarget): ScenarioInput {
  return stableAndCanary(target, { stable: { rps: 0.2 }, canary: { rps: 0.03 } });
}

/**
 * Half of each version's callers have no sidecar (`external-client` in namespace `outside`): the
 * destination reporter sees twice what the source reporter sees, with the extra requests under
 * source_workload="unknown" and connection_security_policy="none".
 */
export function callersOutsideMesh(target: ScenarioTarget): ScenarioInput {
  return stableAndCanary(
    target,
    {},
    {
      callers: [
        {
          workload: 'istio-ingressgateway',
          namespace: 'istio-system',
          app: 'istio-ingressgateway',
          share: 1,
        },
        { workload: 'external-client', namespace: 'outside', sidecar: false, share: 1 },
      ],
    },
  );
}
