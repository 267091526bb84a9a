import type { CauseSpec } from '../../../../core/check.ts';
import { canaryFinding, canaryPass, pct } from '../../canary-finding.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import type { SourceSplit } from '../../canary-metrics.ts';
import { abTesting, appRef, blueGreen, count, mirrorActive } from './traffic-shape.ts';

export const ingressMeshSplitDiffersCause: CauseSpec = {
  code: 'MESH0434',
  cause: 'ingress-mesh-split-differs',
  title: 'T04 · Ingress and mesh splits differ',
  severities: ['warning', 'pass'],
};

/** A gateway's proxy reports itself as the source workload (istio-ingressgateway, …-gateway). */
export const isGatewaySource = (s: SourceSplit): boolean => /gateway/i.test(s.sourceWorkload);

const sum = (rows: readonly SourceSplit[]) =>
  rows.reduce((a, r) => ({ c: a.c + r.canaryRequests, n: a.n + r.canaryRequests + r.stableRequests }), {
    c: 0,
    n: 0,
  });

// A gateway-bound VirtualService without the subsets (or the mesh VS without the gateway) sends
// ingress traffic past the split (canary.md F10, R09): the two kinds of caller see different
// canary shares. Both groups need the split check's minimum; the gap must exceed chance.
export const ingressMeshSplitDiffers: CanaryCheck = {
  id: 'canary.ingress-mesh-split-differs',
  area: 'canary',
  title: 'Ingress and in-mesh callers see the same split',
  needs: ['meshVirtualServices', 'flaggerCanaries', 'argoRollouts'],
  emits: [ingressMeshSplitDiffersCause],
  run(input) {
    const m = input.metrics;
    if (!m || mirrorActive(input) || abTesting(input) || blueGreen(input)) return [];
    const gw = sum(m.bySource.filter(isGatewaySource));
    const mesh = sum(m.bySource.filter((r) => !isGatewaySource(r)));
    const min = input.settings.minSplitTotal;
    if (gw.n < min || mesh.n < min) return [];
    const a = gw.c / gw.n;
    const b = mesh.c / mesh.n;
    const p = (gw.c + mesh.c) / (gw.n + mesh.n);
    // Two proportions: 3 standard errors of their difference, at least the split tolerance.
    const tolerance = Math.max(
      input.settings.splitTolerancePp / 100,
      3 * Math.sqrt(p * (1 - p) * (1 / gw.n + 1 / mesh.n)),
    );
    const subject = appRef(input);
    const facts = [
      { label: 'ingress gateway callers', value: `${pct(a)} to the canary (n=${count(gw.n)})` },
      { label: 'in-mesh callers', value: `${pct(b)} to the canary (n=${count(mesh.n)})` },
      { label: 'tolerance', value: `±${pct(tolerance)}` },
    ];
    if (Math.abs(a - b) <= tolerance) {
      return [
        canaryPass(
          ingressMeshSplitDiffersCause,
          subject,
          `Ingress (${pct(a)}) and in-mesh callers (${pct(b)}) see the same canary share within ±${pct(tolerance)}.`,
        ),
      ];
    }
    return [
      canaryFinding(ingressMeshSplitDiffersCause, {
        severity: 'warning',
        subject,
        message: `Ingress traffic reaches the canary at ${pct(a)} but in-mesh traffic at ${pct(b)}: the gateway does not follow the mesh split (a gateway-bound VirtualService without the subsets, or the split VirtualService lacks the gateway or \`mesh\`).`,
        facts,
        fix: {
          text: 'Compare the gateway-bound and mesh VirtualServices of the host; the split must be in the one the gateway uses:',
          command: `${input.kubectl} get virtualservices -A -o custom-columns=NAME:.metadata.name,NS:.metadata.namespace,GATEWAYS:.spec.gateways,HOSTS:.spec.hosts`,
        },
      }),
    ];
  },
};
