import { defineCommand } from '../src/core/command.ts';
import { formatTarget } from '../src/core/target.ts';
import { MeshdocError, UsageError } from '../src/errors.ts';
import { closestNames } from '../src/gatherers/closest-names.ts';

const usage =
  'labels <app> -n <namespace> | svc/<service> -n <namespace> | <service>.<namespace> [-o json] [--context <ctx>] [--from <path>] [--save-evidence FILE]';

export const labels = defineCommand({
  name: 'labels',
  summary:
    'What selects what for one app: Services, subsets and routes that select nothing, and the label that is almost right',
  usage,
  examples: ['labels orders -n orders', 'labels svc/invoices -n billing'],
  common: ['namespace', 'context', 'from', 'save-evidence'],
  flags: {},
  positionals: [1, 1],
  target: { kinds: ['app', 'service'] },
  async run(_positionals, options, ctx) {
    const target = options.target;
    if (!target) throw new UsageError('labels needs an app or a service.', usage);
    const reader = await ctx.reader(options);
    const started = ctx.now().getTime();
    // Loaded when the command runs: no other command's start needs them.
    const [{ gatherBundle }, { decideLabels, labelsNeeds, podsOfApp, servicesOfApp }, { buildLabelsReport }] =
      await Promise.all([
        import('../src/gatherers/evidence/gather-bundle.ts'),
        import('../src/diagnostics/labels/decide-labels.ts'),
        import('../src/diagnostics/labels/labels-report.ts'),
      ]);
    const bundle = await gatherBundle(reader, { namespace: target.namespace }, labelsNeeds(), {
      saveTo: options['save-evidence'],
    });
    const services = (bundle.values.services ?? []).filter(
      (s) => (s.metadata.namespace ?? target.namespace) === target.namespace,
    );
    const pods = bundle.values.namespacePods ?? [];
    const chosen =
      target.kind === 'service'
        ? services.filter((s) => s.metadata.name === target.name)
        : servicesOfApp(services, podsOfApp(pods, target.name), target.name, pods);
    if (bundle.values.services && bundle.values.namespacePods && chosen.length === 0) {
      if (target.kind === 'service') {
        const close = closestNames(
          target.name,
          services.map((s) => s.metadata.name),
        );
        throw new MeshdocError(
          'not_found',
          `Service "${target.name}" was not found in namespace "${target.namespace}" (cluster ${reader.cluster}).`,
          {
            hint:
              close.length > 0
                ? `Did you mean: ${close.join(', ')}?`
                : `${reader.kubectl} get services -n ${target.namespace}`,
          },
        );
      }
      if (podsOfApp(pods, target.name).length === 0 && options.namespace === undefined) {
        // No -n and not in the default namespace: where is it? Ask, never guess.
        const elsewhere = await reader
          .list('pod', undefined, { labelSelector: `app=${target.name}`, limit: 200 })
          .catch(() => []);
        const namespaces = [...new Set(elsewhere.map((p) => p.metadata.namespace ?? 'default'))].sort();
        if (namespaces.length > 0)
          throw new UsageError(
            `App "${target.name}" has no pods in namespace "${target.namespace}"; it is in ${namespaces.length === 1 ? 'namespace' : 'namespaces'} ${namespaces.join(', ')}. Name one with -n.`,
            usage,
          );
      }
      if (podsOfApp(pods, target.name).length === 0) {
        const apps = [
          ...new Set(
            pods
              .flatMap((p) => [p.metadata.labels.app, p.metadata.labels['app.kubernetes.io/name']])
              .filter((a): a is string => !!a),
          ),
        ];
        const close = closestNames(target.name, apps);
        throw new MeshdocError(
          'not_found',
          `No Service or pod of app "${target.name}" in namespace "${target.namespace}" (cluster ${reader.cluster}).`,
          {
            hint:
              close.length > 0
                ? `Did you mean: ${close.join(', ')}?`
                : apps.length > 0
                  ? `Apps there: ${apps.slice(0, 10).join(', ')}.`
                  : `No pod there carries an app label.`,
          },
        );
      }
    }
    const decision = decideLabels(
      bundle,
      { kind: target.kind, name: target.name },
      target.namespace,
      chosen,
      reader.kubectl,
    );
    // What a list or the --from directory left out (a file of broken YAML, an object Istio's schema refuses).
    for (const r of reader.rejected?.() ?? [])
      decision.notes.push({
        evidence: r.kind === 'file' ? 'files' : r.kind,
        message: `${r.kind === 'file' ? `File ${r.name}` : `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`} was left out: ${r.why.replace(/\.$/, '')}. The rest was used.`,
      });
    return buildLabelsReport(decision, {
      target: formatTarget(target),
      cluster: reader.cluster,
      durationMs: ctx.now().getTime() - started,
    });
  },
});
