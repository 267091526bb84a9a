import type { CauseSpec } from '../../../core/check.ts';
import type { Finding } from '../../../core/finding.ts';
import { serviceSelects } from '../../../kube/service-selects.ts';
import { resolveHost } from '../host-resolution.ts';
import { isReady, labelsFinding, labelsPass, refOf } from '../labels-finding.ts';
import type { LabelsCheck } from '../labels-input.ts';
import { describeDifference, likelyMisses } from '../near-miss.ts';

const topologyKey =
  /^(topology\.kubernetes\.io\/|topology\.istio\.io\/|kubernetes\.io\/hostname$|failure-domain\.beta\.kubernetes\.io\/)/;

export const subsetSelectsNoPodsCause: CauseSpec = {
  code: 'MESH0302',
  cause: 'subset-selects-no-pods',
  title: 'A DestinationRule subset has no (ready) endpoints',
  severities: ['error', 'pass'],
};

// What istiod builds: a subset's endpoints are the Service's pods filtered by the subset's labels.
// Stricter than istioctl analyze IST0173, which matches the labels against every pod of the
// cluster (a pod of another app with those labels silences it): traffic routed to the subset gets
// 503 (UH) all the same. A subset whose pods exist but none is Ready fails the same way.
export const subsetSelectsNoPods: LabelsCheck = {
  id: 'labels.subset-selects-no-pods',
  area: 'labels',
  title: 'Every DestinationRule subset has ready endpoints',
  needs: ['services', 'namespacePods', 'meshDestinationRules', 'meshServices', 'serviceEntries'],
  emits: [subsetSelectsNoPodsCause],
  run({ rules, pods, allServices, serviceEntries, kubectl }) {
    const findings: Finding[] = [];
    for (const rule of rules) {
      const ns = rule.metadata.namespace ?? 'default';
      const resolved = resolveHost(rule.spec.host ?? '', ns, allServices, serviceEntries);
      if (resolved?.kind !== 'service') continue;
      const service = resolved.service;
      const servicePods = pods.filter((p) => serviceSelects(service, p));
      (rule.spec.subsets ?? []).forEach((subset, index) => {
        const labels = subset.labels ?? {};
        if (Object.keys(labels).length === 0) return; // subset-without-labels says that
        // istiod adds the node's topology labels to each endpoint (region, zone, hostname): a pod's own
        // labels cannot tell whether such a subset matches (Istio's analyzer test data has the case).
        if (Object.keys(labels).some((k) => topologyKey.test(k))) return;
        const match = servicePods.filter((p) =>
          Object.entries(labels).every(([k, v]) => p.metadata.labels[k] === v),
        );
        const ready = match.filter(isReady);
        if (ready.length > 0) return;
        const others = pods.filter(
          (p) =>
            !servicePods.includes(p) && Object.entries(labels).every(([k, v]) => p.metadata.labels[k] === v),
        );
        // Pods another subset of the rule already stands for are not the near miss.
        const claimed = (rule.spec.subsets ?? [])
          .filter((o) => o.name !== subset.name && Object.keys(o.labels ?? {}).length > 0)
          .flatMap((o) =>
            servicePods.filter((p) =>
              Object.entries(o.labels ?? {}).every(([k, v]) => p.metadata.labels[k] === v),
            ),
          );
        const misses = likelyMisses(
          labels,
          servicePods.filter((p) => !claimed.includes(p)),
        );
        const [miss] = misses;
        const labelText = Object.entries(labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(',');
        const why =
          match.length > 0
            ? `its ${match.length} pod${match.length === 1 ? ' is' : 's are'} not Ready`
            : others.length > 0
              ? `only pods of another app carry ${labelText} (${others[0]?.metadata.name}; istioctl analyze IST0173 stays silent here)`
              : `no pod of Service ${service.metadata.name} carries ${labelText}`;
        findings.push(
          labelsFinding(subsetSelectsNoPodsCause, {
            severity: 'error',
            subject: refOf('DestinationRule', rule),
            message: `Subset ${subset.name} of DestinationRule ${rule.metadata.name} has no ready endpoint: ${why}. Traffic routed to it gets 503 (UH).${miss ? ` Pod ${miss.pod.metadata.name} has ${describeDifference(miss.difference)}.` : ''}`,
            facts: [
              {
                label: 'subset',
                value: `${subset.name}: ${labelText}`,
                source: refOf('DestinationRule', rule),
              },
              {
                label: 'service pods',
                value: `${servicePods.length} (${servicePods.filter(isReady).length} ready)`,
                source: refOf('Service', service),
              },
              ...misses.slice(0, 5).map((m) => ({
                label: 'near miss',
                value: `${m.pod.metadata.name}: ${describeDifference(m.difference)}`,
                source: refOf('Pod', m.pod),
              })),
            ],
            fix:
              miss && miss.difference.kind === 'value'
                ? {
                    text: "Make the subset's labels say what the pods carry:",
                    command: `${kubectl} patch destinationrule ${rule.metadata.name} -n ${ns} --type=json -p '[{"op":"replace","path":"/spec/subsets/${index}/labels/${miss.difference.key.replaceAll('~', '~0').replaceAll('/', '~1')}","value":"${miss.difference.got}"}]'`,
                  }
                : match.length > 0
                  ? {
                      text: `Find why the pods are not Ready: ${kubectl} describe pod ${match[0]?.metadata.name} -n ${ns}`,
                    }
                  : {
                      text: `Point the subset at labels the Service's pods carry (${kubectl} get pods -n ${ns} --show-labels), or remove the routes to it.`,
                    },
          }),
        );
      });
    }
    const [first] = rules;
    if (findings.length === 0 && first)
      return [
        labelsPass(
          subsetSelectsNoPodsCause,
          refOf('DestinationRule', first),
          "Every subset has ready endpoints among its Service's pods.",
        ),
      ];
    return findings;
  },
};
