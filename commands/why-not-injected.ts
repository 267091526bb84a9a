import { defineCommand } from '../src/core/command.ts';
import { compareFindings } from '../src/core/finding.ts';
import type { Report, Section, VerdictTone } from '../src/core/report.ts';
import { formatTarget } from '../src/core/target.ts';
import { decideInjection, type InjectionDecision } from '../src/diagnostics/injection/decide-injection.ts';
import { injectionCauseSpec } from '../src/diagnostics/injection/injection-cause-spec.ts';
import {
  injectionEvidenceFromBundle,
  injectionNeeds,
} from '../src/diagnostics/injection/injection-evidence-from-bundle.ts';
import { UsageError } from '../src/errors.ts';
import { gatherInjectionBundle } from '../src/gatherers/evidence/gather-injection-bundle.ts';

const usage =
  'why-not-injected <pod> -n <namespace> | <namespace>/<pod> | <pod>.<namespace> | deploy/<name> -n <namespace> [-o json] [--context <ctx>] [--from <path>] [--save-evidence FILE]';

export const whyNotInjected = defineCommand({
  name: 'why-not-injected',
  summary: 'Why a pod has no Istio sidecar (or confirms it has one), with the fix',
  usage,
  examples: [
    'why-not-injected reviews-v2-5b7d9c8f4-xk2lp -n bookinfo',
    'why-not-injected bookinfo/ratings-v1-85c74b6cb4-4kx2p',
    'why-not-injected deploy/reviews-v3 -n bookinfo -o json',
  ],
  common: ['namespace', 'context', 'from', 'save-evidence'],
  flags: {},
  positionals: [1, 1],
  target: { kinds: ['pod', 'deployment', 'statefulset', 'daemonset'] },
  async run(_positionals, options, ctx) {
    // positionals [1, 1]: the parser has always parsed the target by now.
    const target = options.target;
    if (!target) throw new UsageError('why-not-injected needs an argument.', usage);
    const reader = await ctx.reader(options);
    const started = ctx.now().getTime();
    const bundle = await gatherInjectionBundle(
      reader,
      target,
      injectionNeeds(target),
      options['save-evidence'],
    );
    const evidence = injectionEvidenceFromBundle(bundle, target, reader.kubectl);
    const decision = decideInjection(evidence);
    return buildReport(decision, formatTarget(target), reader.cluster, ctx.now().getTime() - started);
  },
});

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
    verdictLabel: verdictLabels[decision.verdict],
    verdictTone: verdictTones[decision.verdict],
    headline: reason(decision, target, deciding?.message),
    sections,
    notes: decision.notes,
    attachments: [],
    data: {
      cause: decision.cause,
      causeCode: injectionCauseSpec(decision.cause)?.code ?? null,
      wouldInjectNow: decision.wouldInjectNow ?? null,
      injectedBy: decision.injectedBy ?? null,
      proxyVersion: decision.sidecar?.proxyVersion ?? null,
      fix: deciding?.fix ?? null,
    },
    durationMs,
  };
}

const verdictLabels: Record<InjectionDecision['verdict'], string> = {
  injected: 'Injected',
  'not-injected': 'Not injected',
  unknown: 'Unknown',
};

// "Not injected" is a problem even when every check passed (cause undetermined).
const verdictTones: Record<InjectionDecision['verdict'], VerdictTone> = {
  injected: 'ok',
  'not-injected': 'problem',
  unknown: 'unknown',
};

/** The reason behind the verdict, one sentence: the deciding finding's message when there is one. */
function reason(decision: InjectionDecision, target: string, message: string | undefined): string {
  switch (decision.verdict) {
    case 'injected':
      return message ?? `${target} has an Istio sidecar.`;
    case 'not-injected':
      if (decision.cause === 'undetermined') {
        // Observably no sidecar, but the evidence that says why was not saved with --from.
        const lack = decision.unsaved.map((s) => s.evidence).join(' and ');
        const save = decision.unsaved.map((s) => s.command).join(' && ');
        return `${target} has no Istio sidecar, but meshdoc could not tell why: the --from files lack ${lack}. Save them (${save}) and ask again.`;
      }
      return message ?? injectionCauseSpec(decision.cause)?.title ?? decision.cause;
    case 'unknown':
      return `meshdoc could not read everything needed to decide for ${target} (see notes).`;
  }
}
