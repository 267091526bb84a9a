import type { CauseSpec } from '../../../core/check.ts';
import type { Finding } from '../../../core/finding.ts';
import { selectorMatches } from '../../../kube/label-selector.ts';
import { labelsFinding, labelsPass, refOf } from '../labels-finding.ts';
import type { LabelsCheck } from '../labels-input.ts';
import { describeDifference, likelyMisses } from '../near-miss.ts';

export const serviceSelectsNoPodsCause: CauseSpec = {
  code: 'MESH0301',
  cause: 'service-selects-no-pods',
  title: "A Service's selector matches no pod",
  severities: ['error', 'pass'],
};

// A Service whose selector matches no pod has no endpoints: every call is a 503 `UH` (no healthy
// upstream). The near miss (a pod one label away) is usually the typo.
export const serviceSelectsNoPods: LabelsCheck = {
  id: 'labels.service-selects-no-pods',
  area: 'labels',
  title: "Every Service's selector matches pods",
  needs: ['services', 'namespacePods', 'namespaceDeployments'],
  emits: [serviceSelectsNoPodsCause],
  run({ services, pods, deployments, kubectl }) {
    const findings: Finding[] = [];
    for (const s of services) {
      const selector = s.spec.selector ?? {};
      if (Object.keys(selector).length === 0) continue; // endpoints managed by hand
      if (pods.some((p) => selectorMatches({ matchLabels: selector }, p.metadata.labels))) continue;
      // A workload template it selects, scaled to zero: no pod now by design, not a label mismatch.
      if (
        deployments.some((d) =>
          selectorMatches({ matchLabels: selector }, d.spec.template.metadata.labels ?? {}),
        )
      )
        continue;
      const misses = likelyMisses(selector, pods);
      const [first] = misses;
      const selectorText = Object.entries(selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      findings.push(
        labelsFinding(serviceSelectsNoPodsCause, {
          severity: 'error',
          subject: refOf('Service', s),
          message: `Service ${s.metadata.name} selects ${selectorText}, which no pod in namespace ${s.metadata.namespace ?? 'default'} carries: it has no endpoints and every call gets 503 (UH).${first ? ` ${misses.length === 1 ? 'Pod' : `${misses.length} pods, e.g.`} ${first.pod.metadata.name} ${misses.length === 1 ? 'has' : 'have'} ${describeDifference(first.difference)}.` : ''}`,
          facts: [
            { label: 'selector', value: selectorText, source: refOf('Service', s) },
            ...misses.slice(0, 5).map((m) => ({
              label: 'near miss',
              value: `${m.pod.metadata.name}: ${describeDifference(m.difference)}`,
              source: refOf('Pod', m.pod),
            })),
          ],
          fix: first
            ? first.difference.kind === 'missing'
              ? {
                  text: `Drop ${first.difference.key} from the selector, or label the pods (in their workload's template) with ${first.difference.key}=${first.difference.want}.`,
                  command: `${kubectl} patch service ${s.metadata.name} -n ${s.metadata.namespace ?? 'default'} --type=json -p '[{"op":"remove","path":"/spec/selector/${escapePointer(first.difference.key)}"}]'`,
                }
              : {
                  text: "Make the selector say what the pods carry (or fix the pods' labels in their workload's template):",
                  command: `${kubectl} patch service ${s.metadata.name} -n ${s.metadata.namespace ?? 'default'} --type=merge -p '${JSON.stringify({ spec: { selector: selectorFixed(selector, first.difference) } })}'`,
                }
            : {
                text: `No pod is close: check the selector against \`${kubectl} get pods -n ${s.metadata.namespace ?? 'default'} --show-labels\`.`,
              },
        }),
      );
    }
    const [first] = services;
    if (findings.length === 0 && first)
      return [
        labelsPass(
          serviceSelectsNoPodsCause,
          refOf('Service', first),
          'Every Service selects at least one pod.',
        ),
      ];
    return findings;
  },
};

/** The selector with the near miss's label: its value, or its key spelling (a merge patch cannot rename, so both keys are set: old to null). */
function selectorFixed(
  selector: Readonly<Record<string, string>>,
  d: { kind: 'value'; key: string; got: string } | { kind: 'key'; key: string; want: string; gotKey: string },
): Record<string, string | null> {
  if (d.kind === 'value') return { ...selector, [d.key]: d.got };
  return { ...selector, [d.key]: null, [d.gotKey]: d.want };
}

/** RFC 6901: `~` and `/` in a label key (app.kubernetes.io/name) escaped for a JSON pointer. */
export function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}
