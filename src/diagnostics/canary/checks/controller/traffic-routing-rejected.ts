import type { CauseSpec } from '../../../../core/check.ts';
import type { KubeEvent } from '../../../../schemas/kube.ts';
import { canaryFinding, canaryPass } from '../../canary-finding.ts';
import type { CanaryCheck, CanaryInput } from '../../canary-input.ts';
import { controllerFieldManagers, lastHttpWriter } from '../routing/controller-weight-drift.ts';
import { canaryRef, rolloutRef } from './controller-state.ts';
import { eventTime, parseFlaggerEvent } from './parse-flagger-event.ts';

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

/**
 * When the controller's own write of the split's spec.http landed after the refused one, the
 * refusal is over: the write went through on a retry. Argo, restarted at a pause, rewrites the
 * weights its status already holds, so no `TrafficWeightUpdated` follows a lost conflict; the
 * VirtualService's managedFields are what show it. Times are whole seconds: a write in the same
 * second as the refusal counts as after it, since the controller retries at once.
 */
function writtenSince(input: CanaryInput, kind: 'flagger' | 'argo', rejected: KubeEvent): string | undefined {
  const writer = lastHttpWriter(input.split?.vs.metadata.managedFields);
  const at = eventTime(rejected);
  const wrote = writer?.time ? Date.parse(writer.time) : Number.NaN;
  if (!writer?.manager || at === undefined || Number.isNaN(wrote) || wrote < at) return undefined;
  return controllerFieldManagers[kind].some((m) => writer.manager?.includes(m))
    ? `${writer.manager} at ${writer.time}`
    : undefined;
}

// The controller believes in weights the VirtualService never got: an admission webhook (a
// policy engine, Istio's validation) or a conflicting owner refused the write. Events are newest
// first; a later "weight updated", or a later write of the VirtualService by the controller
// itself, means it has recovered since.
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
    const since = rejected ? writtenSince(input, c.kind, rejected) : undefined;
    if (rejected && since)
      return [
        canaryPass(
          trafficRoutingRejectedCause,
          subject,
          `The ${c.kind === 'flagger' ? 'Flagger' : 'Argo'} routing update was refused once (${rejected.reason ?? 'event'}: ${rejected.message ?? ''}), but the controller has written VirtualService ${input.split?.vs.metadata.name} since (${since}).`,
        ),
      ];
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
