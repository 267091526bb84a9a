import type { CauseSpec } from '../../../../core/check.ts';
import type { Finding } from '../../../../core/finding.ts';
import { serviceSelects } from '../../../../kube/service-selects.ts';
import { describeDifference, likelyMisses } from '../../../labels/near-miss.ts';
import { canaryFinding, canaryPass, refOf } from '../../canary-finding.ts';
import type { CanaryCheck, CanaryInput, CanaryVersion } from '../../canary-input.ts';
import { flaggerInitializing } from '../controller/controller-state.ts';
import { appRef, destLabel, hasLabels, labelText, mergedSubsets } from './routing-scene.ts';

export const subsetNoPodsCause: CauseSpec = {
  code: 'MESH0405',
  cause: 'subset-no-pods',
  title: "R05 · A routed version's subset or Service selects no pod",
  severities: ['error', 'pass'],
};

/** The weight the live VirtualService gives a version (written), from the version or the split. */
function weightOf(input: CanaryInput, v: CanaryVersion): number | undefined {
  if (v.vsWeight !== undefined) return v.vsWeight;
  return input.split?.destinations.find(
    (d) => d.host === v.host && (d.subset ?? undefined) === (v.subset ?? undefined),
  )?.weight;
}

// R05 (F3, IST0173) is about labels, not readiness (canary.md §8.4.1): a subset's endpoints are
// the Service's pods that also carry the subset's labels; when there is none, the share routed
// there gets 503 UH. Pods that match but are not Ready are P01/P02's (FAILING), not this. Stricter
// than IST0173, which matches the subset's labels alone against every pod. In host mode (Flagger,
// Argo canaryService) the version's own Service must select a pod. After a rollback or abort the
// canary selects nothing by design, at weight 0: then this stays quiet.
export const subsetNoPods: CanaryCheck = {
  id: 'canary.subset-no-pods',
  area: 'canary',
  title: 'R05 · Every routed version has pods',
  needs: ['meshVirtualServices', 'meshDestinationRules', 'services', 'namespacePods'],
  emits: [subsetNoPodsCause],
  run(input) {
    const findings: Finding[] = [];
    const passes: string[] = [];
    for (const v of [input.stable, input.canary]) {
      if (!v) continue;
      const subsetMode = v.subset !== undefined;
      // An undefined subset is R04's, a subset without labels R06's; a Service that does not exist R02's.
      if (subsetMode && (!v.subsetDefined || !v.subsetLabels || Object.keys(v.subsetLabels).length === 0))
        continue;
      if (!subsetMode && !v.service) continue;
      const weight = weightOf(input, v);
      if (v.pods.length > 0) {
        passes.push(
          `${v.role} ${destLabel(v.host, v.subset, input.namespace)} has ${v.pods.length} pod${v.pods.length === 1 ? '' : 's'}`,
        );
        continue;
      }
      if (weight === 0) {
        passes.push(
          `${v.role} ${destLabel(v.host, v.subset, input.namespace)} has no pod, as expected at weight 0`,
        );
        continue;
      }
      // Flagger creates the primary's Service before its pods, and routes to it only once they are ready.
      if (flaggerInitializing(input) && weight === undefined) {
        passes.push(
          `${v.role} ${destLabel(v.host, v.subset, input.namespace)} has no pod yet: Flagger is initialising and routes nothing to it`,
        );
        continue;
      }
      const share = v.effectiveWeight !== undefined ? `≈${v.effectiveWeight}%` : 'its share';
      const service = v.service;
      if (subsetMode) {
        const labels = v.subsetLabels ?? {};
        const servicePods = service ? input.pods.filter((p) => serviceSelects(service, p)) : [];
        const others = input.pods.filter((p) => !servicePods.includes(p) && hasLabels(p, labels));
        // Pods the other version already stands for are not the near miss.
        const claimed = new Set(
          [input.stable, input.canary].filter((o) => o && o !== v).flatMap((o) => o?.pods ?? []),
        );
        const [miss] = likelyMisses(
          labels,
          servicePods.filter((p) => !claimed.has(p)),
        );
        const rule = mergedSubsets(input.rules, v.host).subsets.get(v.subset ?? '')?.rule;
        const why = others[0]
          ? ` Pod ${others[0].metadata.name} carries ${labelText(labels)} but Service ${service?.metadata.name ?? '?'} does not select it (istioctl IST0173 stays silent here).`
          : miss
            ? ` Pod ${miss.pod.metadata.name} has ${describeDifference(miss.difference)}.`
            : '';
        findings.push(
          canaryFinding(subsetNoPodsCause, {
            severity: 'error',
            subject: rule ? refOf('DestinationRule', rule) : appRef(input),
            message: `Subset ${v.subset} (${v.role}, ${labelText(labels)}) matches none of the ${servicePods.length} pod${servicePods.length === 1 ? '' : 's'} of Service ${service?.metadata.name ?? v.host}: ${share} of requests → 503 UH.${why}`,
            facts: [
              { label: 'subset labels', value: labelText(labels) },
              ...(service
                ? [
                    {
                      label: 'Service selector',
                      value: labelText(service.spec.selector ?? {}),
                      source: refOf('Service', service),
                    },
                  ]
                : []),
              { label: 'VS weight', value: String(weight ?? '?') },
              ...(miss
                ? [
                    {
                      label: 'near miss',
                      value: `${miss.pod.metadata.name}: ${describeDifference(miss.difference)}`,
                    },
                  ]
                : []),
            ],
            fix: {
              text: miss
                ? `Make the subset's labels and the ${v.role} pods' labels agree (fix the typo on one side), or set its weight to 0 until it has pods.`
                : `Deploy the ${v.role} version with labels ${labelText(labels)}, or set its weight to 0 until it has pods.`,
              command: `${input.kubectl} -n ${input.namespace} get pods -l ${labelText({ ...(service?.spec.selector ?? {}), ...labels })}`,
            },
          }),
        );
      } else if (service) {
        const selector = service.spec.selector ?? {};
        const claimed = new Set(
          [input.stable, input.canary].filter((o) => o && o !== v).flatMap((o) => o?.pods ?? []),
        );
        const [miss] = likelyMisses(
          selector,
          input.pods.filter((p) => !claimed.has(p)),
        );
        findings.push(
          canaryFinding(subsetNoPodsCause, {
            severity: 'error',
            subject: refOf('Service', service),
            message: `Service ${service.metadata.name} (${v.role}) selects no pod (${labelText(selector) || 'empty selector'}): ${share} of requests → 503 UH.${miss ? ` Pod ${miss.pod.metadata.name} has ${describeDifference(miss.difference)}.` : ''}`,
            facts: [
              {
                label: 'Service selector',
                value: labelText(selector) || '(none)',
                source: refOf('Service', service),
              },
              { label: 'VS weight', value: String(weight ?? '?') },
            ],
            fix: {
              text:
                input.controller.kind === 'none'
                  ? `Give the ${v.role} pods the Service's labels, or route no weight to it.`
                  : `The controller sets this Service's selector: check its events for why the ${v.role} pods are not selected.`,
              command: `${input.kubectl} -n ${input.namespace} get pods -l ${labelText(selector)}`,
            },
          }),
        );
      }
    }
    if (findings.length > 0) return findings;
    if (passes.length === 0) return [];
    return [
      canaryPass(subsetNoPodsCause, appRef(input), `Every routed version has pods: ${passes.join('; ')}.`),
    ];
  },
};
