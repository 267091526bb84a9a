import * as z from 'zod/mini';
import { defineCommand } from '../src/core/command.ts';
import { parseTarget } from '../src/core/parse-target.ts';
import { formatTarget, type ServiceTarget } from '../src/core/target.ts';
import type { TlsCertificates } from '../src/diagnostics/tls/tls-input.ts';
import { MeshdocError, UsageError } from '../src/errors.ts';
import { closestNames } from '../src/gatherers/closest-names.ts';
import { dumpFileFlags } from '../src/proxy/define-proxy-command.ts';

const usage =
  'tls-check <pod> -n <namespace> | <namespace>/<pod> | <pod>.<namespace> | svc/<service> -n <namespace> | <service>.<namespace> [--port N] [--to svc/<service>] [--file DUMP] [--cert-warning 24h] [-o json] [--context <ctx>] [--from <path>] [--save-evidence FILE]';

// "24h", "90m", "7d": a warning window for certificates.
const duration = z.pipe(
  z.string().check(z.regex(/^\d{1,4}[mhd]$/, 'must be a duration such as 24h, 90m or 7d')),
  z.transform(
    (v) =>
      Number(v.slice(0, -1)) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[v.slice(-1) as 'm' | 'h' | 'd'],
  ),
);

const port = z
  .pipe(z.string().check(z.regex(/^\d{1,5}$/, 'must be a port number')), z.transform(Number))
  .check(z.refine((p) => p >= 1 && p <= 65535, 'must be between 1 and 65535'));

export const tlsCheck = defineCommand({
  name: 'tls-check',
  summary: 'The effective mTLS mode on every port, what each client sends, and what breaks, with the fix',
  usage,
  examples: [
    'tls-check svc/orders -n orders',
    'tls-check svc/invoices -n billing',
    'tls-check svc/inventory -n orders --port 9090',
    'tls-check orders-v1-7c9d8b6f5-k2x4p -n orders',
    'tls-check catalog-5b7c8d9f6-m3n4p -n orders --to svc/orders',
  ],
  common: ['namespace', 'context', 'from', 'save-evidence'],
  flags: {
    port: { type: 'string', value: 'N', description: 'Only this Service port', schema: port },
    ...dumpFileFlags,
    'cert-warning': {
      type: 'string',
      value: 'DURATION',
      description:
        'Warn about a long-lived certificate (the root CA) expiring within this (default 24h); workload certificates are flagged when their renewal is overdue',
      schema: duration,
    },
    to: {
      type: 'string',
      value: 'svc/<service>',
      description:
        "The pod as a client of this Service (its namespace by default): what it sends, and whether the Service's pods accept it",
    },
  },
  positionals: [1, 1],
  target: { kinds: ['pod', 'service'] },
  async run(_positionals, options, ctx) {
    const target = options.target;
    if (!target) throw new UsageError('tls-check needs a pod or a service.', usage);
    const to = options.flags.to === undefined ? undefined : parseTo(options.flags.to, target.namespace);
    if (to && target.kind !== 'pod')
      throw new UsageError(
        '--to looks at a pod as a client: name the pod first (tls-check <pod> --to svc/<service>).',
        usage,
      );
    const reader = await ctx.reader(options);
    const started = ctx.now().getTime();
    // Loaded when the command runs: none of it is needed by any other command's start.
    const [
      { gatherTlsBundle },
      { decideTls, tlsNeeds },
      { buildTlsReport },
      { serviceSelects },
      { findSidecar },
    ] = await Promise.all([
      import('../src/gatherers/evidence/gather-tls-bundle.ts'),
      import('../src/diagnostics/tls/decide-tls.ts'),
      import('../src/diagnostics/tls/tls-report.ts'),
      import('../src/kube/service-selects.ts'),
      import('../src/kube/find-sidecar.ts'),
    ]);
    const bundle = await gatherTlsBundle(
      reader,
      target,
      to,
      tlsNeeds(target.kind === 'pod'),
      options['save-evidence'],
    );
    const allServices = bundle.values.services ?? [];
    const named = target.kind === 'service' ? target : to;
    const pod = bundle.values.pod;
    const services = named
      ? allServices.filter((s) => s.metadata.name === named.name)
      : pod
        ? allServices.filter((s) => serviceSelects(s, pod))
        : [];
    if (named && bundle.values.services && services.length === 0)
      throw serviceNotFound(
        named,
        allServices.map((s) => s.metadata.name),
        reader,
      );
    const portFlag = options.flags.port;
    if (
      portFlag !== undefined &&
      services.length > 0 &&
      !services.some((s) => (s.spec.ports ?? []).some((p) => p.port === portFlag))
    ) {
      const exposed = services.flatMap((s) =>
        (s.spec.ports ?? []).map((p) => `${s.metadata.name}:${p.port}${p.name ? ` (${p.name})` : ''}`),
      );
      throw new MeshdocError(
        'not_found',
        `Port ${portFlag} is not a port of ${services.map((s) => `Service ${s.metadata.name}`).join(', ')}; it exposes ${exposed.join(', ') || 'no ports'}.`,
      );
    }
    const certificates = await readCertificates();
    const decision = decideTls(
      bundle,
      {
        services,
        clientPod: to ? pod : undefined,
        port: portFlag,
        onlyPod: target.kind === 'pod' && !to ? target.name : undefined,
      },
      reader.kubectl,
      certificates.value,
    );
    if (certificates.note) decision.notes.push({ evidence: 'configDump', message: certificates.note });
    /**
     * The pod's SDS certificates: from --file DUMP, or live from an injected pod's Envoy (through
     * the port-forward the proxy commands use). A live dump that cannot be had is a note, not a
     * failure: the TLS table stands without it.
     */
    async function readCertificates(): Promise<{ value?: TlsCertificates; note?: string }> {
      const file = options.flags.file;
      const live =
        target?.kind === 'pod' && pod !== undefined && findSidecar(pod) !== undefined && !!reader.openPodPort;
      if (file === undefined && !live) return {};
      const [{ gatherProxyDump }, { readSecrets }, { secretItems }] = await Promise.all([
        import('../src/gatherers/envoy/gather-proxy-dump.ts'),
        import('../src/envoy/read-sections.ts'),
        import('../src/summaries/secrets-table.ts'),
      ]);
      try {
        const opened = await gatherProxyDump(
          target?.kind === 'pod' ? target : undefined,
          file,
          options,
          // The certificates are a side dish here: a hung proxy costs 10 s at most, not the proxy
          // commands' full deadline.
          { ...ctx, proxyTimeoutMs: Math.min(ctx.proxyTimeoutMs ?? 10_000, 10_000) },
          { sections: ['secrets'], includeEds: false },
          usage,
        );
        const view = readSecrets(opened.dump);
        if (!view)
          return {
            note: `certificates not checked: the config dump of ${opened.target} has no SDS secrets.`,
          };
        return {
          value: {
            items: secretItems(view),
            now: ctx.now(),
            subject: opened.subject,
            warnWithinMs: options.flags['cert-warning'] ?? 24 * 3_600_000,
          },
        };
      } catch (error) {
        if (file !== undefined) throw error;
        return {
          note: `certificates not checked: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
    }
    let lead: string | undefined;
    if (target.kind === 'pod' && !to && pod) {
      if (services.length === 0)
        lead = `No Service in namespace ${target.namespace} selects pod ${target.name}, so no client reaches it through a Service port; there is nothing to compare.`;
      else if (!findSidecar(pod))
        lead = `Pod ${target.name} has no sidecar: PeerAuthentications do not apply to it, it receives whatever clients send (plaintext from auto-mTLS clients; an explicit ISTIO_MUTUAL fails).`;
    }
    if (to && pod && !findSidecar(pod))
      lead = `Pod ${target.name} has no sidecar: it sends plaintext whatever the DestinationRules say.`;
    // Policies a list left out (they fail Istio's schema): said, never silently dropped.
    for (const r of reader.rejected?.() ?? [])
      decision.notes.push(
        r.kind === 'file'
          ? {
              evidence: 'files',
              message: `File ${r.name} was left out: ${r.why.replace(/\.$/, '')}. The rest was used.`,
            }
          : {
              evidence: r.kind === 'DestinationRule' ? 'meshDestinationRules' : 'peerAuthentications',
              message: `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name} was left out: ${r.why.replace(/\.$/, '')}. Istio's validation would refuse it; the other ${r.kind}s were used.`,
            },
      );
    const report = buildTlsReport(decision, {
      target: to ? `${formatTarget(target)} → svc/${to.name}.${to.namespace}` : formatTarget(target),
      cluster: reader.cluster,
      durationMs: ctx.now().getTime() - started,
      lead,
    });
    if (target.kind === 'pod' && !to && services.length === 0 && decision.verdict !== 'unknown')
      return {
        ...report,
        verdict: 'unknown',
        verdictLabel: 'Unknown',
        verdictTone: 'unknown',
        headline: lead ?? report.headline,
      };
    return report;
  },
});

/** `--to svc/<name>`, `svc/<name>.<ns>` or `<name>.<ns>`: a Service, in the client's namespace unless named. */
function parseTo(raw: string, clientNamespace: string): ServiceTarget {
  const value = raw.includes('/') ? raw : `svc/${raw}`;
  const parsed = parseTarget(value, {
    kinds: ['service'],
    namespaceFlag: undefined,
    defaultNamespace: clientNamespace,
    command: 'tls-check --to',
  });
  if (!parsed.ok) throw new UsageError(`--to ${parsed.error}`, usage);
  return parsed.value;
}

function serviceNotFound(
  target: ServiceTarget,
  names: readonly string[],
  reader: { cluster: string; kubectl: string },
): MeshdocError {
  const close = closestNames(target.name, [...names]);
  return new MeshdocError(
    'not_found',
    `Service "${target.name}" was not found in namespace "${target.namespace}" (cluster ${reader.cluster}).`,
    {
      hint:
        close.length > 0
          ? `Did you mean: ${close.join(', ')}?`
          : names.length > 0
            ? `Services there: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}.`
            : `There is no Service in namespace "${target.namespace}" (${reader.kubectl} get services -n ${target.namespace}).`,
    },
  );
}
