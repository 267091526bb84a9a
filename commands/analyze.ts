import { defineCommand } from '../src/core/command.ts';
import type { Report } from '../src/core/report.ts';
import { demoPath } from '../src/open-reader.ts';

const usage = 'analyze [<namespace>] [-n <namespace>] [-A] [-o json] [--context <ctx>] [--from <path>]';

export const analyze = defineCommand({
  name: 'analyze',
  summary:
    'istioctl analyze, summarised: one line per code with its count and objects, and where meshdoc explains it',
  usage,
  examples: ['analyze store', 'analyze -A'],
  common: ['namespace', 'context', 'from'],
  flags: {
    'all-namespaces': { type: 'boolean', short: 'A', description: 'Every namespace (istioctl analyze -A)' },
  },
  positionals: [0, 1],
  patience:
    'istioctl analyze can take tens of seconds on a big cluster; this message is replaced by the answer.',
  target: { kinds: ['namespace'] },
  async run(_positionals, options, ctx) {
    const started = ctx.now().getTime();
    // With --from, istioctl reads the files itself: meshdoc does not parse them first (that would
    // double the time of the command for nothing). Without, the reader says which cluster, or the demo.
    const reader = options.from ? undefined : await ctx.reader(options);
    // Loaded when the command runs: execa and the summary are no other command's start.
    const [{ istioctlAnalyzeVerbose }, { analyzeCodeLines }] = await Promise.all([
      import('../src/gatherers/istioctl/analyze.ts'),
      import('../src/summaries/analyze-summary.ts'),
    ]);
    const files = options.from ? [options.from] : reader?.cluster === 'demo' ? [demoPath] : undefined;
    const cluster = reader?.cluster ?? `files:${options.from}`;
    const namespace = options.target?.name ?? options.namespace;
    const all = options.flags['all-namespaces'] === true || files !== undefined;
    const { messages, skipped } = await istioctlAnalyzeVerbose(
      files
        ? { files, allNamespaces: true }
        : all
          ? { allNamespaces: true }
          : { namespace: namespace ?? ctx.defaultNamespace },
      {
        binary: ctx.istioctl,
        context: files ? undefined : options.context,
        timeoutMs: ctx.analyzeTimeoutMs ?? 60_000,
      },
    );
    const lines = analyzeCodeLines(messages);
    const count = (level: string) => messages.filter((m) => m.level === level).length;
    const [errors, warnings] = [count('Error'), count('Warning')];
    const verdict = errors > 0 ? 'errors' : warnings > 0 ? 'warnings' : 'clean';
    const scope = files
      ? `the files (${files.join(', ')})`
      : all
        ? 'every namespace'
        : `namespace ${namespace ?? ctx.defaultNamespace}`;
    const explained = lines.filter((l) => l.explainedBy);
    const report: Report = {
      command: 'analyze',
      cluster,
      target: files
        ? files.join(', ')
        : all
          ? 'all namespaces'
          : `namespace/${namespace ?? ctx.defaultNamespace}`,
      verdict,
      verdictLabel: verdict === 'clean' ? 'Clean' : verdict === 'errors' ? 'Errors' : 'Warnings',
      verdictTone: verdict === 'clean' ? 'ok' : 'problem',
      headline:
        messages.length === 0
          ? `istioctl analyze found nothing in ${scope}.`
          : `istioctl analyze found ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} and ${messages.length - errors - warnings} other message${messages.length - errors - warnings === 1 ? '' : 's'} in ${scope}, under ${lines.length} code${lines.length === 1 ? '' : 's'}.`,
      sections: [
        ...(lines.length > 0
          ? [
              {
                kind: 'table' as const,
                title: 'By code',
                columns: ['LEVEL', 'CODE', 'COUNT', 'OBJECTS', 'EXAMPLE'],
                rows: lines.map((l) => [l.level, l.code, String(l.count), l.objects, l.example]),
              },
            ]
          : []),
        ...(explained.length > 0
          ? [
              {
                kind: 'text' as const,
                title: 'meshdoc explains',
                text: explained
                  .map(
                    (l) =>
                      `${l.code}: \`meshdoc ${l.explainedBy}\` answers it from the cluster's objects, with the fix.`,
                  )
                  .join('\n'),
              },
            ]
          : []),
        ...(lines.some((l) => l.docs)
          ? [
              {
                kind: 'keyValue' as const,
                title: 'Reference',
                pairs: lines.filter((l) => l.docs).map((l) => ({ key: l.code, value: l.docs ?? '' })),
              },
            ]
          : []),
      ],
      notes:
        files && skipped.length > 0
          ? [
              {
                evidence: 'istioctl analyze',
                message: `On files (--use-kube=false) istioctl drops Services, Pods, Namespaces and Nodes and skips the ${skipped.length} analyzers that read them (${skipped.slice(0, 6).join(', ')}${skipped.length > 6 ? ', …' : ''}): their codes (IST0101 for hosts, IST0116/IST0137, IST0118, IST0173, IST0174 among them) cannot appear here. meshdoc labels checks those from the same files.`,
              },
            ]
          : [],
      attachments:
        messages.length > 20
          ? [
              {
                filename: 'istioctl-analyze.txt',
                title: 'Every istioctl analyze message',
                content: messages
                  .map((m) => `${m.level} [${m.code}] (${m.origin ?? '-'}) ${m.message}`)
                  .join('\n'),
              },
            ]
          : [],
      data: {
        counts: { errors, warnings, total: messages.length },
        codes: lines.map((l) => ({
          code: l.code,
          level: l.level,
          count: l.count,
          explainedBy: l.explainedBy ?? null,
        })),
        skippedAnalyzers: files ? skipped : [],
      },
      durationMs: ctx.now().getTime() - started,
    };
    return report;
  },
});
