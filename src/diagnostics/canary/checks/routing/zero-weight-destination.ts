import type { CauseSpec } from '../../../../core/check.ts';
import { canaryFinding, canaryPass, refOf } from '../../canary-finding.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import { destLabel, routeLabel } from './routing-scene.ts';

export const zeroWeightDestinationCause: CauseSpec = {
  code: 'MESH0414',
  cause: 'zero-weight-destination',
  title: 'R14 · A destination has weight 0',
  severities: ['info', 'pass'],
};

// R14: Istio drops a zero-weight destination from Envoy's route when others exist
// (route/route.go), so it gets no traffic at all: expected at rest or after a rollback, worth
// knowing when a canary "gets nothing".
export const zeroWeightDestination: CanaryCheck = {
  id: 'canary.zero-weight-destination',
  area: 'canary',
  title: 'R14 · Every split destination has weight',
  needs: ['meshVirtualServices'],
  emits: [zeroWeightDestinationCause],
  run(input) {
    const split = input.split;
    if (!split || split.destinations.length < 2) return [];
    const vs = split.vs;
    const zero = split.destinations.filter((d) => d.weight === 0);
    if (zero.length === 0 || zero.length === split.destinations.length)
      return [
        canaryPass(
          zeroWeightDestinationCause,
          refOf('VirtualService', vs),
          `Every destination of VirtualService ${vs.metadata.name} has weight.`,
        ),
      ];
    return zero.map((d) =>
      canaryFinding(zeroWeightDestinationCause, {
        severity: 'info',
        subject: refOf('VirtualService', vs),
        message: `${d.role ? `The ${d.role} (${destLabel(d.host, d.subset, input.namespace)})` : destLabel(d.host, d.subset, input.namespace)} has weight 0 in VirtualService ${vs.metadata.name} ${routeLabel(split.routeIndex, split.route)}: Istio leaves it out of the route, so it gets no traffic from this route.`,
        facts: [
          {
            label: 'weights',
            value: split.destinations
              .map((x) => `${destLabel(x.host, x.subset, input.namespace)}=${x.weight}`)
              .join(', '),
            source: refOf('VirtualService', vs),
          },
        ],
      }),
    );
  },
};
