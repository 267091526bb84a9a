import type { CommandContext } from '../../core/command.ts';
import type { EvidenceKind, Need } from '../../core/evidence.ts';
import type { GatherNote, Report } from '../../core/report.ts';
import { buildCanaryInput, type CanaryObjects } from '../../diagnostics/canary/build-canary-input.ts';
import { canaryChartData } from '../../diagnostics/canary/canary-chart.ts';
import { canaryChecks } from '../../diagnostics/canary/canary-checks.ts';
import type { CanaryMetrics } from '../../diagnostics/canary/canary-metrics.ts';
import {
  canaryQueriesFor,
  type InstantQueryId,
  type RangeQueryId,
  sharedKey,
} from '../../diagnostics/canary/canary-queries.ts';
import { buildCanaryReport } from '../../diagnostics/canary/canary-report.ts';
import { decideCanary, runCanaryChecks } from '../../diagnostics/canary/decide-canary.ts';
import { detectCanary } from '../../diagnostics/canary/detect-canary.ts';
import { metricsFromResults, type QueryAnswer } from '../../diagnostics/canary/metrics-from-results.ts';
import { MeshdocError, UsageError } from '../../errors.ts';
import type { KubeReader } from '../../kube/kube-reader.ts';
import type { PrometheusData } from '../../schemas/prometheus.ts';
import { closestNames } from '../closest-names.ts';
import { gatherBundle } from '../evidence/gather-bundle.ts';
import { demoNow } from '../prometheus/recorded-metrics.ts';
import { canaryObjectsFrom } from './canary-objects.ts';
import { canaryPrometheus } from './canary-prometheus.ts';

// `canary status`: gather the namespace's routing, workload and controller objects (a fixed
// number of list requests, whatever the cluster's size), find the canary, ask Prometheus the
// §6.3 queries in parallel, run the checks, decide, build the report and the chart.

const required: readonly EvidenceKind[] = ['services', 'namespacePods'];
const optional: readonly EvidenceKind[] = [
  'namespaceDeployments',
  'replicaSets',
  'hpas',
  'events',
  'flaggerCanaries',
  'argoRollouts',
  'analysisRuns',
  'meshServices',
  'meshVirtualServices',
  'meshDestinationRules',
  'serviceEntries',
  'meshGateways',
];
export const canaryNeeds: readonly Need[] = [
  ...required.map((kind) => ({ kind, presence: 'required' as const })),
  ...optional.map((kind) => ({ kind, presence: 'optional' as const })),
];

export type CanaryRequest = {
  app: string;
  namespace: string;
  namespaceGiven: boolean;
  windowSeconds: number | undefined;
  verbose: boolean;
  chartFile: string | undefined;
  /** Draw the chart and attach it (Slack uploads it); otherwise only `chartFile` asks for it. */
  drawChart: boolean;
  saveTo: string | undefined;
  target: string;
};

/** Flagger's metric interval (its analysis window), in seconds: `1m` → 60. */
export function durationSeconds(text: string | null | undefined): number | undefined {
  const m = text ? /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim()) : null;
  if (!m) return undefined;
  const n = Number(m[1]);
  return Math.round(n * { ms: 0.001, s: 1, m: 60, h: 3600 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h']);
}

/** The newest timestamp the saved objects hold: events, controller status, conditions, managedFields. */
export function newestTimestamp(
  objects: CanaryObjects,
  canaries: readonly {
    status?:
      | {
          lastTransitionTime?: string | null | undefined;
          conditions?: readonly { lastUpdateTime?: string | null | undefined }[] | null | undefined;
        }
      | null
      | undefined;
  }[],
  rollouts: readonly {
    status?:
      | {
          conditions?: readonly { lastUpdateTime?: string | null | undefined }[] | null | undefined;
          pauseConditions?: readonly { startTime?: string | null | undefined }[] | null | undefined;
        }
      | null
      | undefined;
  }[],
): number | undefined {
  const times: (string | null | undefined)[] = [];
  for (const e of objects.events) times.push(e.lastTimestamp, e.eventTime, e.firstTimestamp);
  for (const c of canaries) {
    times.push(c.status?.lastTransitionTime);
    for (const x of c.status?.conditions ?? []) times.push(x.lastUpdateTime);
  }
  for (const r of rollouts) {
    for (const x of r.status?.conditions ?? []) times.push(x.lastUpdateTime);
    for (const p of r.status?.pauseConditions ?? []) times.push(p.startTime);
  }
  for (const vs of objects.virtualServices)
    for (const m of vs.metadata.managedFields ?? []) times.push(m.time);
  const parsed = times.map((t) => (t ? Date.parse(t) : Number.NaN)).filter(Number.isFinite);
  return parsed.length > 0 ? Math.max(...parsed) : undefined;
}

export async function canaryStatusReport(
  reader: KubeReader,
  ctx: CommandContext,
  request: CanaryRequest,
): Promise<Report> {
  const { app, namespace } = request;
  const bundle = await gatherBundle(reader, { namespace }, canaryNeeds, { saveTo: request.saveTo });
  const v = bundle.values;
  const notes: GatherNote[] = [
    ...Object.entries(bundle.missing).map(([evidence, m]) => ({ evidence, message: m.message })),
    ...Object.entries(bundle.assumed).map(([evidence, message]) => ({ evidence, message })),
  ];
  for (const r of reader.rejected?.() ?? [])
    notes.push({
      evidence: r.kind === 'file' ? 'files' : r.kind,
      message: `${r.kind === 'file' ? `File ${r.name}` : `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`} was left out: ${r.why.replace(/\.$/, '')}. The rest was used.`,
    });
  if (!v.services || !v.namespacePods)
    throw new MeshdocError(
      bundle.missing.services?.reason === 'forbidden' || bundle.missing.namespacePods?.reason === 'forbidden'
        ? 'forbidden'
        : 'unreachable',
      `Could not read the Services and pods of namespace ${namespace}: ${(bundle.missing.services ?? bundle.missing.namespacePods)?.message ?? 'no answer'}`,
    );
  const { objects, canaries, rollouts } = canaryObjectsFrom(v, namespace);
  const services = objects.services;
  const detection = detectCanary(app, namespace, {
    canaries,
    rollouts,
    services,
    virtualServices: objects.virtualServices,
  });
  if (detection.kind === 'ambiguous')
    throw new UsageError(
      `"${app}" matches ${detection.choices.length} canaries in namespace ${namespace}: ${detection.choices.join('; ')}. meshdoc does not guess: remove the ambiguity (one Canary or Rollout per app) or name the other object's app.`,
    );
  if (detection.kind === 'none') {
    const known =
      services.some((s) => s.metadata.name === app) ||
      objects.pods.some((p) => p.metadata.labels.app === app);
    if (!known && !request.namespaceGiven) {
      const elsewhere = await reader.list('service', undefined, { limit: 500 }).catch(() => []);
      const namespaces = [
        ...new Set(
          elsewhere.filter((s) => s.metadata.name === app).map((s) => s.metadata.namespace ?? 'default'),
        ),
      ].sort();
      if (namespaces.length > 0)
        throw new UsageError(
          `App "${app}" is not in namespace "${namespace}"; a Service of that name is in ${namespaces.length === 1 ? 'namespace' : 'namespaces'} ${namespaces.join(', ')}. Name one with -n.`,
        );
    }
    if (!known && services.length === 0 && objects.pods.length === 0) {
      // An empty namespace, or none at all: say which.
      const namespaces = await reader.listNamespaceNames(500).catch((): string[] => []);
      if (namespaces.length > 0 && !namespaces.includes(namespace)) {
        const close = closestNames(namespace, namespaces);
        throw new MeshdocError(
          'not_found',
          `Namespace "${namespace}" does not exist in cluster ${reader.cluster}.`,
          {
            ...(close.length > 0 ? { hint: `Did you mean: ${close.join(', ')}?` } : {}),
          },
        );
      }
    }
    if (!known) {
      const names = [
        ...new Set([
          ...services.map((s) => s.metadata.name),
          ...canaries.map((c) => c.metadata.name),
          ...rollouts.map((r) => r.metadata.name),
        ]),
      ];
      const close = closestNames(app, names);
      throw new MeshdocError(
        'not_found',
        `No canary, Service or app "${app}" in namespace "${namespace}" (cluster ${reader.cluster}).`,
        {
          hint:
            close.length > 0
              ? `Did you mean: ${close.join(', ')}?`
              : names.length > 0
                ? `There: ${names.slice(0, 10).join(', ')}.`
                : `${reader.kubectl} get services -n ${namespace}`,
        },
      );
    }
    return {
      command: 'canary status',
      cluster: reader.cluster,
      target: request.target,
      verdict: 'no-canary',
      verdictLabel: 'No canary',
      verdictTone: 'ok',
      headline: detection.summary[0] ?? `No canary for ${app}.`,
      sections: [
        {
          kind: 'text',
          title: 'Routing',
          text: detection.summary.slice(1).join('\n') || '(nothing routes it)',
        },
      ],
      notes,
      attachments: [],
      data: { mode: null, routing: detection.summary },
    };
  }

  // The demo's canaries and recorded metrics are written against one instant (recorded-metrics.ts).
  // Saved files describe the moment they were saved, not now: ages (stalls, pauses, events) are
  // measured from the newest timestamp they hold, and the reply says so.
  const offline = reader.cluster.startsWith('files:');
  const newest = offline ? newestTimestamp(objects, canaries, rollouts) : undefined;
  const now = reader.cluster === 'demo' ? demoNow : (newest ?? ctx.now().getTime());
  if (newest !== undefined)
    notes.push({
      evidence: 'files',
      message: `Offline: times are measured from ${new Date(newest).toISOString()}, the newest timestamp in the files (when they were saved, at the latest), not from now.`,
    });
  const found = detection.found;
  const controllerInterval =
    found.kind === 'flagger'
      ? Math.max(
          ...(found.canary.spec.analysis?.metrics ?? []).map((m) => durationSeconds(m.interval) ?? 60),
          0,
        ) || undefined
      : undefined;
  const windowSeconds = request.windowSeconds ?? controllerInterval ?? 300;
  const base = { app, namespace, now, kubectl: reader.kubectl, windowSeconds, istioVersion: undefined };
  // A first pass without metrics tells which label separates the versions and which Services the split names.
  const draft = buildCanaryInput(found, objects, base, { metrics: undefined, why: undefined, failed: false });
  const plan = canaryQueriesFor(draft, { seconds: windowSeconds, end: now / 1000 });
  const prometheus = canaryPrometheus(reader, ctx);
  let metrics: { metrics: CanaryMetrics | undefined; why: string | undefined; failed: boolean } = {
    metrics: undefined,
    why: undefined,
    failed: false,
  };
  let range: Partial<Record<RangeQueryId, QueryAnswer>> = {};
  const label = sharedKey(draft.stable, draft.canary);
  if (!plan || !label) {
    metrics = {
      metrics: undefined,
      why: "nothing in Istio's metric labels tells the two versions apart (see the version-label finding)",
      failed: false,
    };
  } else if (prometheus.kind === 'none') {
    metrics = { metrics: undefined, why: prometheus.why, failed: false };
  } else {
    const answers = await prometheus.run(plan, { app, namespace, windowSeconds });
    if (answers.kind === 'failed') metrics = { metrics: undefined, why: answers.why, failed: true };
    else {
      range = answers.range;
      const reduced = metricsFromResults(
        answers.instant,
        { label, stable: draft.stable?.metricKey?.value ?? '', canary: draft.canary?.metricKey?.value ?? '' },
        {
          seconds: answers.windowSeconds ?? windowSeconds,
          evaluatedAt: answers.evaluatedAt * 1000,
          dataAgeSeconds: answers.dataAgeSeconds,
        },
      );
      metrics =
        'failed' in reduced
          ? {
              metrics: undefined,
              why: `Prometheus (${prometheus.where}) did not answer: ${reduced.failed}`,
              failed: true,
            }
          : { metrics: reduced.metrics, why: undefined, failed: false };
      if (answers.note) notes.push({ evidence: 'prometheus', message: answers.note });
    }
  }
  const input = buildCanaryInput(found, objects, base, metrics);
  const findings = runCanaryChecks(canaryChecks, input);
  const decision = decideCanary(input, findings);
  const report = buildCanaryReport(input, decision, {
    target: request.target,
    cluster: reader.cluster,
    durationMs: 0,
    verbose: request.verbose,
    notes,
  });
  if (!input.metrics || !label) return report;
  // Drawing costs 0.1–0.8 s (ECharts and resvg load on first use): only when someone gets the PNG.
  if (!request.drawChart && !request.chartFile)
    return {
      ...report,
      sections: [
        ...report.sections,
        {
          kind: 'text',
          title: 'Chart',
          text: 'Not drawn here: --chart FILE writes it (in Slack it is uploaded with the answer).',
        },
      ],
    };
  const chart = canaryChartData(
    input,
    range as Partial<
      Record<RangeQueryId, { ok: true; result: PrometheusData } | { ok: false; message: string }>
    >,
    label,
  );
  const { renderCanaryChart } = await import('../../renderers/chart/render-canary-chart.ts');
  const png = await renderCanaryChart(chart);
  const filename = `canary-${namespace}-${app}.png`;
  if (request.chartFile) {
    // The CLI's --chart FILE: the PNG goes to the file, the answer says where (never into stdout).
    const { writeOutputFile } = await import('../files/write-output-file.ts');
    await writeOutputFile(request.chartFile, png);
    const kb = Math.max(1, Math.round(png.byteLength / 1024));
    return {
      ...report,
      sections: [
        ...report.sections,
        { kind: 'text', title: 'Chart', text: `Written to ${request.chartFile} (PNG, ${kb} KB).` },
      ],
    };
  }
  return {
    ...report,
    attachments: [
      ...report.attachments,
      {
        filename,
        title: `${app} · ${namespace}: canary vs stable, last ${windowSeconds}s`,
        mediaType: 'image/png' as const,
        bytes: png,
        altText: `Chart of ${app}'s canary against stable over the last ${windowSeconds}s: requests per second, 5xx share and p99 latency per version, with the weight steps marked.`,
      },
    ],
  };
}

export type { InstantQueryId };
