import type { Finding } from '../../core/finding.ts';
import type { GatherNote, Report, Section, VerdictTone } from '../../core/report.ts';
import { pct } from './canary-finding.ts';
import type { CanaryInput, CanaryVersion } from './canary-input.ts';
import type { VersionMetrics } from './canary-metrics.ts';
import { type CanaryDecision, type CanaryVerdict, formatWindow } from './decide-canary.ts';

// The canary answer (canary.md §8.5): header state, context (versions, timing, data age),
// progress, the traffic table, health canary vs stable, findings (5, or all with --verbose),
// the controller's latest decisions, the suggested next commands (never run). Pure.

/** The headline's words; the surfaces add their icon for the tone (problem, unknown, ok). */
export const verdictLabels: Record<CanaryVerdict, string> = {
  'rolled-back': 'Rolled back',
  misconfigured: 'Misconfigured',
  failing: 'Failing',
  stalled: 'Stalled',
  'at-risk': 'At risk',
  paused: 'Paused',
  unknown: 'Unknown',
  progressing: 'Progressing',
  complete: 'Complete',
  'no-canary': 'No canary',
};
const tones: Record<CanaryVerdict, VerdictTone> = {
  'rolled-back': 'problem',
  misconfigured: 'problem',
  failing: 'problem',
  stalled: 'problem',
  'at-risk': 'problem',
  paused: 'unknown',
  unknown: 'unknown',
  progressing: 'ok',
  complete: 'ok',
  'no-canary': 'ok',
};
const modeNames = {
  flagger: 'Flagger',
  'argo-subset': 'Argo Rollouts (subsets)',
  'argo-host': 'Argo Rollouts (hosts)',
  istio: 'Istio',
};

export function ago(now: number, iso: string | null | undefined): string | undefined {
  const t = iso ? Date.parse(iso) : Number.NaN;
  if (!Number.isFinite(t)) return undefined;
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 90) return `${s}s ago`;
  if (s < 5400) return `${Math.round(s / 60)}m ago`;
  if (s < 172800) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86400)}d ago`;
}

/** Phase or step, for the header's second line. */
export function phaseOf(input: CanaryInput): string {
  const c = input.controller;
  if (c.kind === 'flagger') return c.canary.status?.phase ?? 'no status yet';
  if (c.kind === 'argo') {
    const s = c.rollout.status;
    const steps = c.rollout.spec.strategy?.canary?.steps ?? [];
    const step = s?.currentStepIndex;
    return `${s?.phase ?? 'no status yet'}${step !== undefined && step !== null && steps.length > 0 ? ` · step ${Math.min(step + 1, steps.length)}/${steps.length}` : ''}`;
  }
  return input.split ? `VirtualService ${input.split.vs.metadata.name}` : 'no split';
}

function progressLine(input: CanaryInput): string | undefined {
  const c = input.controller;
  if (c.kind === 'flagger') {
    const a = c.canary.spec.analysis ?? {};
    const w = c.canary.status?.canaryWeight ?? 0;
    const max = a.maxWeight ?? 100;
    const filled = Math.max(0, Math.min(5, Math.round((w / Math.max(1, max)) * 5)));
    const steps = a.stepWeights?.length ? `steps ${a.stepWeights.join('/')}` : `step ${a.stepWeight ?? '?'}`;
    const fc = c.canary.status?.failedChecks ?? 0;
    const threshold = a.threshold;
    if (a.iterations && (a.match ?? []).length > 0)
      return `A/B · iteration ${c.canary.status?.iterations ?? 0}/${a.iterations} · failed checks ${fc}/${threshold ?? '?'} · interval ${a.interval ?? '1m'}`;
    return `${'▓'.repeat(filled)}${'░'.repeat(5 - filled)} weight ${w}% → max ${max}% (${steps}) · failed checks ${fc}/${threshold ?? '?'} · interval ${a.interval ?? '1m'}`;
  }
  if (c.kind === 'argo') {
    const s = c.rollout.status;
    const steps = c.rollout.spec.strategy?.canary?.steps ?? [];
    const i = s?.currentStepIndex ?? 0;
    const step = steps[i];
    let detail = '';
    if (step?.setWeight !== undefined && step.setWeight !== null) detail = `setWeight ${step.setWeight}`;
    else if (step?.pause) {
      const pause = (s?.pauseConditions ?? [])[0];
      detail =
        step.pause.duration !== undefined && step.pause.duration !== null
          ? `pause ${step.pause.duration}`
          : 'pause indefinite: waiting for promote';
      if (pause)
        detail += ` (${pause.reason}${pause.startTime ? `, since ${ago(input.now, pause.startTime)}` : ''})`;
    } else if (step?.analysis) detail = 'analysis';
    const run = s?.canary?.currentStepAnalysisRunStatus ?? s?.canary?.currentBackgroundAnalysisRunStatus;
    return `step ${Math.min(i + 1, steps.length)}/${steps.length}${detail ? ` (${detail})` : ''}${run ? ` · analysis ${run.name}: ${run.status ?? 'pending'}` : ''}${s?.message ? ` · ${s.message}` : ''}`;
  }
  return undefined;
}

const fmtShare = (v: number | null | undefined) => (v === null || v === undefined ? '–' : pct(v));
const fmtMs = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${Math.round(v)}ms`);
const fmtRps = (v: number | undefined) => (v === undefined ? '–' : v >= 10 ? v.toFixed(0) : v.toFixed(2));

function trafficTable(input: CanaryInput): Section | undefined {
  const split = input.split;
  if (!split) return undefined;
  const m = input.metrics;
  const total = m ? m.observed.stableRequests + m.observed.canaryRequests : 0;
  const rows = split.destinations.map((d) => {
    const v = d.role === 'canary' ? input.canary : d.role === 'stable' ? input.stable : undefined;
    const observed =
      m && d.role && total > 0
        ? pct((d.role === 'canary' ? m.observed.canaryRequests : m.observed.stableRequests) / total)
        : m
          ? '–'
          : 'unknown';
    return [
      `${d.role ?? 'other'} ${d.subset ?? d.host.split('.')[0]}`,
      String(d.weight),
      pct(d.effective),
      v?.controllerWeight !== undefined ? `${v.controllerWeight}%` : '–',
      observed,
    ];
  });
  return {
    kind: 'table',
    title: `Traffic (${split.vs.metadata.namespace}/${split.vs.metadata.name} route ${split.routeIndex}${m ? `; observed n=${Math.round(total)}, ${formatWindow(input.windowSeconds)}` : ''})`,
    columns: ['version', 'VS weight', 'effective', 'controller', 'observed'],
    rows,
  };
}

function healthTable(input: CanaryInput): Section | undefined {
  const m = input.metrics;
  if (!m) return undefined;
  const row = (name: string, v: VersionMetrics | undefined) => [
    name,
    String(Math.round(v?.requests ?? 0)),
    fmtRps(v?.rps),
    fmtShare(v?.errorShare),
    fmtMs(v?.p99Ms),
    fmtShare(v?.share4xx),
    fmtShare(v?.grpcErrorShare),
  ];
  return {
    kind: 'table',
    title: `Health, canary vs stable (last ${formatWindow(input.windowSeconds)}; limits: ${input.settings.limitsFrom})`,
    columns: ['version', 'requests', 'rps', '5xx', 'p99', '4xx', 'gRPC errors'],
    rows: [
      row(`stable ${input.stable?.name ?? ''}`.trim(), m.stable),
      row(`canary ${input.canary?.name ?? ''}`.trim(), m.canary),
    ],
  };
}

function nextCommands(input: CanaryInput, verdict: CanaryVerdict): string[] {
  const ns = input.namespace;
  const c = input.controller;
  const out: string[] = [];
  if (c.kind === 'argo') {
    const name = c.rollout.metadata.name;
    if (verdict === 'paused' || verdict === 'progressing')
      out.push(`kubectl argo rollouts promote ${name} -n ${ns}`);
    if (['failing', 'at-risk', 'stalled', 'misconfigured', 'paused'].includes(verdict))
      out.push(`kubectl argo rollouts abort ${name} -n ${ns}`);
    out.push(`kubectl argo rollouts get rollout ${name} -n ${ns}`);
  } else if (c.kind === 'flagger') {
    const gates = (c.canary.spec.analysis?.webhooks ?? []).filter((w) =>
      ['confirm-rollout', 'confirm-traffic-increase', 'confirm-promotion', 'rollback'].includes(w.type ?? ''),
    );
    for (const g of gates)
      out.push(
        `${g.type} gate "${g.name}": ${g.url ?? '(no url)'}  (Flagger's load tester: /gate/open, /rollback/open)`,
      );
    out.push(`${input.kubectl} describe canary/${c.canary.metadata.name} -n ${ns}`);
  }
  out.push(`istioctl analyze -n ${ns}`);
  return out;
}

export function buildCanaryReport(
  input: CanaryInput,
  decision: CanaryDecision,
  context: { target: string; cluster: string; durationMs: number; verbose: boolean; notes: GatherNote[] },
): Report {
  const problems = decision.findings.filter((f) => f.severity !== 'pass');
  const passes = decision.findings.filter((f) => f.severity === 'pass');
  const sections: Section[] = [];
  const pairs: { key: string; value: string }[] = [
    { key: 'Mode', value: `${modeNames[input.mode]} · ${phaseOf(input)}` },
  ];
  const versionText = (v: CanaryVersion | undefined) =>
    v
      ? // "latest" is Istio's canonical revision when a pod says nothing: the image tag says more.
        `${(v.versionLabel !== 'latest' ? v.versionLabel : undefined) ?? v.images[0]?.split(':').pop() ?? v.name} (${v.role === 'stable' ? (input.mode === 'flagger' ? 'primary' : 'stable') : 'canary'}: ${v.name})`
      : '–';
  pairs.push({ key: 'Versions', value: `${versionText(input.stable)} → ${versionText(input.canary)}` });
  const c = input.controller;
  const timing: string[] = [];
  if (c.kind === 'flagger') {
    const t = ago(input.now, c.canary.status?.lastTransitionTime);
    if (t) timing.push(`last transition ${t}`);
  } else if (c.kind === 'argo') {
    const progressing = (c.rollout.status?.conditions ?? []).find((x) => x.type === 'Progressing');
    const t = ago(input.now, progressing?.lastUpdateTime);
    if (t) timing.push(`last step ${t}`);
  }
  if (input.metrics)
    timing.push(
      input.metrics.dataAgeSeconds === null
        ? 'no samples'
        : `data ${Math.round(input.metrics.dataAgeSeconds)}s old`,
    );
  // Said when the comparison is not on the versions' own sidecars (§6.4), so nobody compares it
  // with a dashboard on reporter="destination" and wonders.
  if (input.metrics?.reporter === 'source')
    timing.push("measured at the callers' proxies (a version has no sidecar series of its own)");
  else if (input.metrics?.reporter === 'waypoint') timing.push('measured at the waypoint (ambient)');
  else timing.push(`health unknown: ${input.metricsWhy ?? 'no metrics'}`);
  pairs.push({ key: 'Timing', value: timing.join(' · ') });
  const progress = progressLine(input);
  if (progress) pairs.push({ key: 'Progress', value: progress });
  sections.push({ kind: 'keyValue', title: 'Canary', pairs });
  const traffic = trafficTable(input);
  if (traffic) sections.push(traffic);
  const health = healthTable(input);
  if (health) sections.push(health);
  const shown = context.verbose ? problems : problems.slice(0, 5);
  if (shown.length > 0) sections.push({ kind: 'findings', title: 'Findings', findings: shown });
  if (problems.length > shown.length)
    sections.push({
      kind: 'text',
      title: 'More findings',
      text: `+${problems.length - shown.length} more: run with --verbose to list them all.`,
    });
  if (context.verbose && passes.length > 0)
    sections.push({ kind: 'findings', title: 'Ruled out', findings: passes });
  else if (passes.length > 0)
    sections.push({
      kind: 'text',
      title: 'Ruled out',
      text: `${passes.length} checks passed (--verbose lists them).`,
    });
  const events = c.kind === 'none' ? [] : c.events.slice(0, 3);
  if (events.length > 0)
    sections.push({
      kind: 'text',
      title: 'Recent controller decisions',
      text: events
        .map((e) => {
          const msg = (e.message ?? '').replace(/\s+/g, ' ');
          const when = ago(input.now, e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp);
          return `${msg.length > 160 ? `${msg.slice(0, 157)}…` : msg}${when ? ` (${when})` : ''}`;
        })
        .join('\n'),
    });
  sections.push({
    kind: 'text',
    title: 'Next (suggested, never run by meshdoc)',
    text: nextCommands(input, decision.verdict).join('\n'),
  });

  const notes = [...context.notes];
  if (input.istioVersion === undefined)
    notes.push({
      evidence: 'istio',
      message:
        "Istio's version was not read: weights are judged as Istio ≥ 1.15 applies them (relative, w/Σw).",
    });
  for (const p of input.metrics?.partial ?? [])
    notes.push({ evidence: 'prometheus', message: `Query ${p.query} failed: ${p.message}` });

  const versionData = (v: CanaryVersion | undefined, m: VersionMetrics | undefined) =>
    v
      ? {
          name: v.name,
          host: v.host,
          subset: v.subset ?? null,
          version: v.versionLabel ?? null,
          images: v.images,
          pods: v.pods.length,
          vsWeight: v.vsWeight ?? null,
          effectiveWeight: v.effectiveWeight ?? null,
          controllerWeight: v.controllerWeight ?? null,
          metricKey: v.metricKey ?? null,
          health: m
            ? {
                requests: m.requests,
                rps: m.rps,
                errorShare: m.errorShare,
                p99Ms: m.p99Ms,
                share4xx: m.share4xx,
                grpcErrorShare: m.grpcErrorShare,
              }
            : null,
        }
      : null;
  const why = decision.why;
  return {
    command: 'canary status',
    cluster: context.cluster,
    target: context.target,
    verdict: decision.verdict,
    verdictLabel: verdictLabels[decision.verdict],
    verdictTone: tones[decision.verdict],
    headline: decision.reason,
    sections,
    notes,
    attachments: [],
    data: {
      mode: input.mode,
      phase: phaseOf(input),
      inProgress: decision.inProgress,
      why: why.map((f: Finding) => ({ code: f.code, cause: f.cause, message: f.message })),
      stable: versionData(input.stable, input.metrics?.stable),
      canary: versionData(input.canary, input.metrics?.canary),
      split: input.split
        ? {
            virtualService: `${input.split.vs.metadata.namespace}/${input.split.vs.metadata.name}`,
            route: input.split.routeIndex,
            sum: input.split.sum,
            destinations: input.split.destinations,
          }
        : null,
      observed: input.metrics ? input.metrics.observed : null,
      routingFailures: input.metrics?.routingFailures ?? [],
      windowSeconds: input.windowSeconds,
      dataAgeSeconds: input.metrics?.dataAgeSeconds ?? null,
      reporter: input.metrics?.reporter ?? null,
      healthUnknownWhy: input.metrics ? null : (input.metricsWhy ?? null),
      limits: {
        from: input.settings.limitsFrom,
        minSuccessRatePercent: input.settings.minSuccessRatePercent ?? null,
        maxP99Ms: input.settings.maxP99Ms ?? null,
      },
      next: nextCommands(input, decision.verdict),
    },
    durationMs: context.durationMs,
  };
}
