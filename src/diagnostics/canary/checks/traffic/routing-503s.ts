import type { CauseSpec } from '../../../../core/check.ts';
import type { Fact } from '../../../../core/finding.ts';
import { canaryFinding, canaryPass } from '../../canary-finding.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import { appRef, count } from './traffic-shape.ts';

export const routing503sCause: CauseSpec = {
  code: 'MESH0432',
  cause: 'routing-503s',
  title: 'T02 · 503s produced by the routing layer',
  severities: ['error', 'pass'],
};

/** Envoy's response flags that mean the caller's proxy failed the request, and their likely cause. */
export const routingFlagCauses: Readonly<Record<string, string>> = {
  UH: 'no healthy upstream: the version has no ready endpoint (R05, P01)',
  NC: 'no cluster: the subset or its DestinationRule is missing (R04)',
  NR: 'no route: no VirtualService route matches, or a route shadows the split (R01, R07)',
  UF: 'upstream connection failure: mTLS mismatch or pods without a sidecar (P03)',
  URX: 'upstream retry limit exceeded after connection failures: mTLS mismatch or pods without a sidecar (P03)',
  UO: 'upstream overflow: the DestinationRule circuit breaker (connectionPool/outlierDetection) rejects requests',
};

// Only reporter=source sees these: the request never reached a server, so the app's own metrics
// and Flagger's destination-side queries never count them (canary.md §6.1).
export const routing503s: CanaryCheck = {
  id: 'canary.routing-503s',
  area: 'canary',
  title: "No request fails in the callers' proxies",
  needs: [],
  emits: [routing503sCause],
  run(input) {
    const m = input.metrics;
    if (!m) return [];
    const byFlag = new Map<string, { requests: number; roles: Set<string>; codes: Set<string> }>();
    for (const f of m.routingFailures) {
      for (const flag of f.flag.split(',').map((x) => x.trim())) {
        if (!(flag in routingFlagCauses) || f.requests <= 0) continue;
        const e = byFlag.get(flag) ?? { requests: 0, roles: new Set(), codes: new Set() };
        e.requests += f.requests;
        e.roles.add(f.role ?? 'unknown version');
        e.codes.add(f.responseCode);
        byFlag.set(flag, e);
      }
    }
    const subject = appRef(input);
    const total = m.observed.canaryRequests + m.observed.stableRequests;
    if (byFlag.size === 0) {
      if (total === 0 && m.routingFailures.length === 0) return []; // no traffic: nothing ruled out
      return [
        canaryPass(
          routing503sCause,
          subject,
          `No request failed in the callers' proxies (UH, NC, NR, UF, URX, UO) over ${count(total)} requests.`,
        ),
      ];
    }
    const flags = [...byFlag.entries()].sort((a, b) => b[1].requests - a[1].requests);
    const failed = flags.reduce((s, [, e]) => s + e.requests, 0);
    const facts: Fact[] = flags.map(([flag, e]) => ({
      label: `${flag} (${[...e.codes].join('/')})`,
      value: `${count(e.requests)} requests to ${[...e.roles].join(', ')}: ${routingFlagCauses[flag] ?? ''}`,
    }));
    const [top] = flags;
    const topFlag = top?.[0] ?? '';
    return [
      canaryFinding(routing503sCause, {
        severity: 'error',
        subject,
        message: `${count(failed)} requests failed in the callers' proxies before reaching the app; most with ${topFlag}: ${routingFlagCauses[topFlag] ?? ''}.`,
        facts,
        fix: {
          text: 'Check the routing configuration of the app for the cause the flag points to:',
          command: `istioctl analyze -n ${input.namespace}`,
        },
      }),
    ];
  },
};
