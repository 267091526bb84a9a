import type { Command } from '../src/core/command.ts';
import { compareFindings } from '../src/core/finding.ts';
import type { Report, Section } from '../src/core/report.ts';
import { formatTarget, parseInjectionTarget } from '../src/core/target.ts';
import { decideInjection, type InjectionDecision } from '../src/diagnostics/injection/decide-injection.ts';
import { injectionChecks } from '../src/diagnostics/injection/injection-checks.ts';
import { injectionEvidenceFromBundle } from '../src/diagnostics/injection/injection-evidence-from-bundle.ts';
import { UsageError } from '../src/errors.ts';
import { gatherInjectionBundle } from '../src/gatherers/evidence/gather-injection-bundle.ts';

const usage =
  'why-not-injected <pod> -n <namespace> | <namespace>/<pod> | <pod>.<namespace> | deploy/<name> -n <namespace> [-o json] [--context <ctx>] [--from <path>] [--save-evidence FILE]';

export const whyNotInjected: Command = {
  name: 'why-not-injected',
  summary: 'Why a pod has no Istio sidecar (or confirms it has one), with the fix',
  usage,
  examples: [
    'why-not-injected reviews-v2-5b7d9-xk2lp -n bookinfo',
    'why-not-injected bookinfo/ratings-v1-7c9bd-4kx2p',
    'why-not-injected deploy/reviews-v3 -n bookinfo -o json',
  ],
  options: ['namespace', 'context', 'from', 'saveEvidence'],
  positionals: [1, 1],
  async run(positionals, options, ctx) {
    const parsed = parseInjectionTarget(positionals[0] ?? '', options.namespace, ctx.defaultNamespace);
    if (!parsed.ok) throw new UsageError(parsed.error, usage);
    const target = parsed.value;
    const reader = await ctx.reader(options);
    const started = ctx.now().getTime();
    const bundle = await gatherInjectionBundle(reader, target, options.saveEvidence);
    const evidence = injectionEvidenceFromBundle(bundle, target, reader.kubectl);
    const decision = decideInjection(evidence);
    return buildReport(decision, formatTarget(target), reader.cluster, ctx.now().getTime() - started);
  },
};

function buildReport(
  decision: InjectionDecision,
  target: string,
  cluster: string,
  durationMs: number,
): Report {
  const findings = [...decision.findings].sort(compareFindings);
  const deciding =
    findings.find((f) => f.cause === decision.cause && f.severity !== 'pass') ??
    findings.find((f) => f.cause === decision.cause);
  const problems = findings.filter((f) => f.severity !== 'pass');
  const ruledOut = findings.filter((f) => f.severity === 'pass');
  const sections: Section[] = [];
  if (problems.length > 0) sections.push({ kind: 'findings', title: 'Findings', findings: problems });
  if (ruledOut.length > 0) sections.push({ kind: 'findings', title: 'Ruled out', findings: ruledOut });
  return {
    command: 'why-not-injected',
    cluster,
    target,
    verdict: decision.verdict,
    headline: headline(decision, target, deciding?.message),
    sections,
    notes: decision.notes,
    attachments: [],
    data: {
      cause: decision.cause,
      causeCode: decision.cause === 'undetermined' ? null : injectionChecks[decision.cause].code,
      wouldInjectNow: decision.wouldInjectNow ?? null,
      injectedBy: decision.injectedBy ?? null,
      proxyVersion: decision.sidecar?.proxyVersion ?? null,
      fix: deciding?.fix ?? null,
    },
    durationMs,
  };
}

function headline(decision: InjectionDecision, target: string, message: string | undefined): string {
  switch (decision.verdict) {
    case 'injected':
      return `Injected: ${message ?? `${target} has an Istio sidecar.`}`;
    case 'not-injected':
      return `Not injected: ${message ?? injectionChecks[decision.cause as keyof typeof injectionChecks]?.title ?? decision.cause}`;
    case 'unknown':
      return `Unknown: meshdoc could not read everything needed to decide for ${target} (see notes).`;
  }
}
