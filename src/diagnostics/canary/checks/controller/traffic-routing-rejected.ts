import type { CauseSpec } from '../../../../core/check.ts';
import type { KubeEvent } from '../../../../schemas/kube.ts';
import { canaryFinding, canaryPass } from '../../canary-finding.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import { canaryRef, rolloutRef } from './controller-state.ts';
import { parseFlaggerEvent } from './parse-flagger-event.ts';

export const trafficRoutingRejectedCause: CauseSpec = {
  code: 'MESH0458',
  cause: 'traffic-routing-rejected',
  title: 'C08 · Traffic routing rejected',
  severities: ['error', 'pass'],
};

/** A controller event saying its write of the routing was refused. */
export function routingRejected(kind: 'flagger' | 'argo', e: KubeEvent): boolean {
  const msg = e.message ?? '';
  if (kind === 'argo') return e.reason === 'TrafficRoutingError';
  if (e.type !== 'Warning') return false;
  return (
    (/VirtualService/i.test(msg) && /update failed/i.test(msg)) ||
    (/admission webhook/i.test(msg) && /denied/i.test(msg))
  );
}

/** A later event showing the controller did move traffic since. */
function routedSince(kind: 'flagger' | 'argo', e: KubeEvent): boolean {
  if (kind === 'argo') return e.reason === 'TrafficWeightUpdated';
  return parseFlaggerEvent(e.message ?? '').kind === 'advance';
}

// The controller believes in weights the VirtualService never got: an admission webhook (a
// policy engine, Istio's validation) or a conflicting owner refused the write. Events are newest
// first; a later "weight updated" means it has recovered since.
export const trafficRoutingRejected: CanaryCheck = {
  id: 'canary.traffic-routing-rejected',
  area: 'canary',
  title: "The controller's routing writes are accepted",
  needs: ['flaggerCanaries', 'argoRollouts', 'events'],
  emits: [trafficRoutingRejectedCause],
  run(input) {
    const c = input.controller;
    if (c.kind === 'none') return [];
    const subject = c.kind === 'flagger' ? canaryRef(c.canary) : rolloutRef(c.rollout);
    let rejected: KubeEvent | undefined;
    for (const e of c.events) {
      if (routedSince(c.kind, e)) break;
      if (routingRejected(c.kind, e)) {
        rejected = e;
        break;
      }
    }
    if (!rejected)
      return [
        canaryPass(
          trafficRoutingRejectedCause,
          subject,
          `No recent event says the ${c.kind === 'flagger' ? 'Flagger' : 'Argo'} routing update was rejected.`,
        ),
      ];
    return [
      canaryFinding(trafficRoutingRejectedCause, {
        severity: 'error',
        subject,
        message: `The ${c.kind === 'flagger' ? 'Flagger' : 'Argo Rollouts'} controller could not write the traffic split: ${rejected.message ?? rejected.reason ?? 'routing update rejected'}. The live VirtualService keeps its previous weights.`,
        facts: [
          {
            label: 'event',
            value: `${rejected.reason ?? ''}: ${rejected.message ?? ''}`.trim(),
            source: subject,
          },
          ...(rejected.count && rejected.count > 1
            ? [{ label: 'repeated', value: `${rejected.count} times` }]
            : []),
        ],
        fix: {
          text: 'Find what refuses the write (the admission webhook or policy named in the message), or validate the VirtualService the controller writes:',
          command: `istioctl analyze -n ${input.namespace}`,
        },
      }),
    ];
  },
};
