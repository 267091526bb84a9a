import type { KubeReader } from '../kube/kube-reader.ts';
import type { OptionalCommonFlag } from './common-flags.ts';
import type { FlagSpecs, FlagValues } from './flag-spec.ts';
import type { Report } from './report.ts';
import type { TargetKind, TargetOf } from './target.ts';

/** Where an invocation came from; some options (e.g. --from, which reads local files) are CLI-only. */
export type Surface = 'cli' | 'console' | 'slack';

/**
 * The flags every command understands the same way, parsed and validated: -o/--output plus one
 * string per entry of common-flags.ts (so a new common flag is one entry there, nothing here).
 */
export type CommonOptions = { output: 'text' | 'json' } & { [K in OptionalCommonFlag]: string | undefined };

/** What `run` receives: the common options, the command's own flags, and its parsed target. */
export type CommandOptions<
  F extends FlagSpecs = FlagSpecs,
  K extends TargetKind = TargetKind,
> = CommonOptions & {
  /** The command's own flags, validated against its declarations (`options.flags.port`). */
  flags: FlagValues<F>;
  /** positionals[0] parsed as one of the declared target kinds; undefined when absent or undeclared. */
  target: TargetOf<K> | undefined;
  /** Where the invocation came from (help spells commands as that surface types them). */
  surface: Surface;
};

export type CommandContext = {
  /** Opens the evidence source this invocation asked for (--context, --from files, else the default). */
  reader: (choice?: Pick<CommonOptions, 'context' | 'from'>) => Promise<KubeReader>;
  defaultNamespace: string;
  now: () => Date;
  /** Deadline for reading a live proxy's configuration (a big dump takes a while); default 60 s. */
  proxyTimeoutMs?: number;
  /** Path of the istioctl binary (MESHDOC_ISTIOCTL); default `istioctl` on PATH. */
  istioctl?: string;
  /** Deadline for `istioctl analyze` (MESHDOC_ANALYZE_TIMEOUT_MS); default 60 s. */
  analyzeTimeoutMs?: number;
  /** Prometheus to ask for mesh metrics (MESHDOC_PROMETHEUS_URL); none when unset. */
  prometheusUrl?: string | undefined;
  /** Per kubeconfig context (MESHDOC_PROMETHEUS_URLS), when several clusters are bound; wins over prometheusUrl. */
  prometheusUrls?: Readonly<Record<string, string>> | undefined;
  /**
   * Files the user attached to the request (an @meshdoc message with an uploaded dump). Where
   * present, `--file NAME` means one of these instead of a path on meshdoc's machine.
   */
  attachments?: Attachments;
};

export interface Attachments {
  /** What was attached, for messages ("attached: dump.json, x.txt"). */
  readonly names: readonly string[];
  /** The bytes of the attachment called `name` (or the only one, for `-`); MeshdocError if absent. */
  read(name: string, maxBytes: number): Promise<Buffer>;
}

/** What positionals[0] names, when the command is about something in the cluster. */
export type TargetSpec<K extends TargetKind> = {
  kinds: readonly K[];
  /** Replaces "<command> takes a …" when a kind is refused, e.g. "Envoy runs in pods: name a pod". */
  refusal?: string;
};

/** One /mesh subcommand. Nothing here knows about Slack, terminals or JSON. */
export interface Command<F extends FlagSpecs = FlagSpecs, K extends TargetKind = TargetKind> {
  /** The words after /mesh, e.g. `why-not-injected` or `canary status`. */
  name: string;
  summary: string;
  usage: string;
  examples: readonly string[];
  /** Common flags this command takes besides -o/--output, which all take. */
  common: readonly OptionalCommonFlag[];
  /** The command's own flags; `help <command>` lists them with their descriptions. */
  flags: F;
  /** Positional arguments: [min, max]. With a `target`, positionals[0] is the target. */
  positionals: readonly [number, number];
  target?: TargetSpec<K>;
  /** Said while the answer is on its way, for a command that can take long ("… tens of seconds"). */
  patience?: string;
  // A method, not a property: the registry holds commands of different flag types as Command.
  run(positionals: readonly string[], options: CommandOptions<F, K>, ctx: CommandContext): Promise<Report>;
}

/** Declares a command with its flag and target types inferred from its declarations. */
export function defineCommand<F extends FlagSpecs, K extends TargetKind = never>(
  command: Command<F, K>,
): Command<F, K> {
  return command;
}
