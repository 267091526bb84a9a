import type { CauseSpec } from '../../../../core/check.ts';
import { canaryFinding, canaryPass, refOf } from '../../canary-finding.ts';
import type { CanaryCheck, CanaryInput } from '../../canary-input.ts';
import { flaggerInitializing } from '../controller/controller-state.ts';
import { appHosts, appRef, bindsMesh, kubectlIn, nsOf, vsHostFqdns } from './routing-scene.ts';

export const noVirtualServiceCause: CauseSpec = {
  code: 'MESH0401',
  cause: 'no-virtual-service',
  title: 'R01 · No VirtualService routes the app',
  severities: ['error', 'pass'],
};

/** The VirtualServices the controller writes: Flagger's is named after the apex Service; Argo's are in its spec. */
function controllerVirtualServices(
  input: CanaryInput,
): { names: { name: string; namespace: string }[]; who: string } | undefined {
  const c = input.controller;
  if (c.kind === 'flagger') {
    const name = c.canary.spec.service?.name ?? c.canary.spec.targetRef?.name ?? c.canary.metadata.name;
    return { names: [{ name, namespace: nsOf(c.canary) }], who: `Flagger Canary ${c.canary.metadata.name}` };
  }
  if (c.kind === 'argo') {
    const istio = c.rollout.spec.strategy?.canary?.trafficRouting?.istio;
    const refs = [
      ...(istio?.virtualService ? [istio.virtualService] : []),
      ...(istio?.virtualServices ?? []),
    ];
    if (refs.length === 0) return undefined;
    // Argo accepts `name` (the Rollout's namespace) or `name.namespace`.
    const names = refs.map((r) => {
      const [name = r.name, namespace] = r.name.split('.');
      return { name, namespace: namespace ?? nsOf(c.rollout) };
    });
    return { names, who: `Argo Rollout ${c.rollout.metadata.name}` };
  }
  return undefined;
}

// R01 (canary.md §8.6): without a VirtualService for the app's host nothing splits its traffic:
// kube-proxy spreads requests over every pod in proportion to replicas, whatever the weights say.
// Under a controller, the VirtualService it manages must exist (Flagger creates it and names it
// after the apex Service; Argo only edits the one named in trafficRouting.istio).
export const noVirtualService: CanaryCheck = {
  id: 'canary.no-virtual-service',
  area: 'canary',
  title: 'R01 · A VirtualService routes the app',
  needs: ['meshVirtualServices', 'services', 'flaggerCanaries', 'argoRollouts'],
  emits: [noVirtualServiceCause],
  run(input) {
    const expected = controllerVirtualServices(input);
    if (expected) {
      const missing = expected.names.filter(
        (n) => !input.virtualServices.some((vs) => vs.metadata.name === n.name && nsOf(vs) === n.namespace),
      );
      if (missing.length === 0)
        return [
          canaryPass(
            noVirtualServiceCause,
            appRef(input),
            `The VirtualService ${expected.who} manages exists.`,
          ),
        ];
      // Flagger writes it once the primary is ready; until then the apex Service routes as before.
      if (flaggerInitializing(input))
        return [
          canaryPass(
            noVirtualServiceCause,
            appRef(input),
            `${expected.who} is initialising: Flagger creates VirtualService ${missing.map((n) => `${n.namespace}/${n.name}`).join(', ')} once the primary is ready.`,
          ),
        ];
      return missing.map((n) =>
        canaryFinding(noVirtualServiceCause, {
          severity: 'error',
          subject: { kind: 'VirtualService', namespace: n.namespace, name: n.name },
          message: `${expected.who} routes through VirtualService ${n.namespace}/${n.name}, which does not exist: no weight is applied, and traffic spreads over the pods by replica count.`,
          facts: [{ label: 'expected VirtualService', value: `${n.namespace}/${n.name}` }],
          fix: {
            text:
              input.controller.kind === 'flagger'
                ? "Flagger creates this VirtualService itself: read the Canary's events and Flagger's log for why it could not."
                : 'Create the VirtualService the Rollout names (with the stable and canary routes), or fix the name in spec.strategy.canary.trafficRouting.istio.',
            command:
              input.controller.kind === 'flagger'
                ? `${kubectlIn(input, n.namespace)} describe canary ${input.controller.canary.metadata.name}`
                : `${kubectlIn(input, n.namespace)} get virtualservice`,
          },
        }),
      );
    }
    const hosts = appHosts(input);
    const routing = input.virtualServices.filter(
      (vs) => bindsMesh(vs) && vsHostFqdns(vs).some((h) => hosts.has(h)),
    );
    const gatewayOnly = input.virtualServices.filter(
      (vs) => !bindsMesh(vs) && vsHostFqdns(vs).some((h) => hosts.has(h)),
    );
    const found = routing[0] ?? input.split?.vs;
    if (found)
      return [
        canaryPass(
          noVirtualServiceCause,
          appRef(input),
          `VirtualService ${found.metadata.name} routes the app.`,
        ),
      ];
    if (hosts.size === 0) return [];
    const [host] = [...hosts];
    return [
      canaryFinding(noVirtualServiceCause, {
        severity: 'error',
        subject: input.service ? refOf('Service', input.service) : appRef(input),
        message: `No VirtualService for in-mesh callers has host ${host}: nothing applies a split, so traffic spreads over the pods by replica count.${gatewayOnly.length > 0 ? ` (${gatewayOnly.map((v) => v.metadata.name).join(', ')} binds only gateways.)` : ''}`,
        facts: [
          { label: 'host', value: host ?? '' },
          ...gatewayOnly.map((vs) => ({
            label: 'gateway-only VirtualService',
            value: `${vs.metadata.name} (gateways: ${(vs.spec.gateways ?? []).join(', ')})`,
            source: refOf('VirtualService', vs),
          })),
        ],
        fix: {
          text: `Create a VirtualService in ${input.namespace} with host ${input.service?.metadata.name ?? input.app} and a weighted route to the stable and canary subsets (a short host resolves in the VirtualService's own namespace).`,
          command: `${input.kubectl} get virtualservices -A`,
        },
      }),
    ];
  },
};
