import type { Report, Section, VerdictTone } from '../../core/report.ts';
import { serviceSelects } from '../../kube/service-selects.ts';
import { ruleHostFqdn } from '../tls/destination-rule-for.ts';
import type { LabelsDecision, LabelsVerdict } from './decide-labels.ts';
import { serviceFqdn } from './host-resolution.ts';
import { isReady } from './labels-finding.ts';

const labels: Record<LabelsVerdict, string> = {
  ok: 'Labels OK',
  mismatch: 'Label mismatch',
  unknown: 'Unknown',
};
const tones: Record<LabelsVerdict, VerdictTone> = { ok: 'ok', mismatch: 'problem', unknown: 'unknown' };

/** The labels answer: the app's map (Service → selector → pods → subsets → routes), findings, ruled out. */
export function buildLabelsReport(
  decision: LabelsDecision,
  context: { target: string; cluster: string; durationMs: number },
): Report {
  const problems = decision.findings.filter((f) => f.severity !== 'pass');
  const passes = decision.findings.filter((f) => f.severity === 'pass');
  const deciding = problems.find((f) => f.severity === 'error');
  const map = appMap(decision);
  const sections: Section[] = [];
  if (map.length > 0) sections.push({ kind: 'text', title: 'What selects what', text: map.join('\n') });
  if (problems.length > 0) sections.push({ kind: 'findings', title: 'Findings', findings: problems });
  if (passes.length > 0) sections.push({ kind: 'findings', title: 'Ruled out', findings: passes });
  const headline =
    decision.verdict === 'unknown'
      ? (decision.unknownWhy ?? 'meshdoc could not read enough to decide (see notes).')
      : deciding
        ? `${deciding.message}${problems.filter((f) => f.severity === 'error').length > 1 ? ` (${problems.filter((f) => f.severity === 'error').length} mismatches.)` : ''}`
        : `Every selector of ${context.target} selects pods, every routed subset exists and has ready endpoints.${problems.length > 0 ? ` ${problems.length} note${problems.length === 1 ? '' : 's'} below.` : ''}`;
  return {
    command: 'labels',
    cluster: context.cluster,
    target: context.target,
    verdict: decision.verdict,
    verdictLabel: labels[decision.verdict],
    verdictTone: tones[decision.verdict],
    headline,
    sections,
    notes: decision.notes,
    attachments: [],
    data: {
      cause: deciding?.cause ?? null,
      services: (decision.input?.services ?? []).map((s) => ({
        name: s.metadata.name,
        namespace: s.metadata.namespace ?? null,
        selector: s.spec.selector ?? {},
        pods: (decision.input?.pods ?? []).filter((p) => serviceSelects(s, p)).map((p) => p.metadata.name),
      })),
      fix: deciding?.fix ?? null,
    },
    durationMs: context.durationMs,
  };
}

function appMap(decision: LabelsDecision): string[] {
  const input = decision.input;
  if (!input) return [];
  const lines: string[] = [];
  for (const s of input.services) {
    const pods = input.pods.filter((p) => serviceSelects(s, p));
    const selector =
      Object.entries(s.spec.selector ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(',') || '(no selector)';
    lines.push(
      `Service ${s.metadata.name}  ${selector}  →  ${pods.length} pod${pods.length === 1 ? '' : 's'} (${pods.filter(isReady).length} ready)`,
    );
    const host = serviceFqdn(s);
    for (const r of input.rules.filter(
      (r) => ruleHostFqdn(r.spec.host ?? '', r.metadata.namespace ?? 'default') === host,
    ))
      for (const sub of r.spec.subsets ?? []) {
        const sel = sub.labels ?? {};
        const n = pods.filter((p) =>
          Object.entries(sel).every(([k, v]) => p.metadata.labels[k] === v),
        ).length;
        lines.push(
          `  subset ${sub.name} (${r.metadata.namespace}/${r.metadata.name})  ${
            Object.entries(sel)
              .map(([k, v]) => `${k}=${v}`)
              .join(',') || '(no labels)'
          }  →  ${n} pod${n === 1 ? '' : 's'}`,
        );
      }
    for (const vs of input.virtualServices)
      for (const route of [...(vs.spec.http ?? []), ...(vs.spec.tcp ?? []), ...(vs.spec.tls ?? [])]) {
        const to = (route.route ?? []).filter(
          (d) =>
            d.destination && ruleHostFqdn(d.destination.host, vs.metadata.namespace ?? 'default') === host,
        );
        if (to.length === 0) continue;
        lines.push(
          `  route ${vs.metadata.namespace}/${vs.metadata.name}${route.name ? ` ${route.name}` : ''}: ${to.map((d) => `${d.destination?.subset ?? '(all)'} ${d.weight ?? 100}%`).join(', ')}`,
        );
      }
  }
  return lines;
}
