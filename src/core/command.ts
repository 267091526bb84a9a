import type { KubeReader } from './kube-reader.ts';
import type { Report } from './report.ts';

/** Where an invocation came from; some options (e.g. --from, which reads local files) are CLI-only. */
export type Surface = 'cli' | 'console' | 'slack';

/** Options every command may accept, parsed and validated before anything runs. */
export type CommonOptions = {
  namespace: string | undefined;
  output: 'text' | 'json';
  context: string | undefined;
  from: string | undefined;
  file: string | undefined;
  /** `--save-evidence FILE`: write the gathered evidence bundle there (CLI/console only). */
  saveEvidence?: string | undefined;
  // Filters of the proxy commands (listeners, routes, clusters, endpoints, secrets), as istioctl names them.
  port?: string | undefined;
  address?: string | undefined;
  type?: string | undefined;
  name?: string | undefined;
  fqdn?: string | undefined;
  subset?: string | undefined;
  direction?: string | undefined;
  status?: string | undefined;
  cluster?: string | undefined;
  verbose?: boolean | undefined;
};

export type OptionName = keyof Omit<CommonOptions, 'output'>;

export type CommandContext = {
  /** Opens the evidence source this invocation asked for (--context, --from files, else the default). */
  reader: (choice?: Pick<CommonOptions, 'context' | 'from'>) => Promise<KubeReader>;
  defaultNamespace: string;
  now: () => Date;
  /** Deadline for reading a live proxy's configuration (a big dump takes a while); default 60 s. */
  proxyTimeoutMs?: number;
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

/** One /mesh subcommand. Nothing here knows about Slack, terminals or JSON. */
export type Command = {
  /** The words after /mesh, e.g. `why-not-injected` or `canary status`. */
  name: string;
  summary: string;
  usage: string;
  examples: readonly string[];
  /** Options this command accepts besides -o/--output. */
  options: readonly OptionName[];
  /** Positional arguments: [min, max]. */
  positionals: readonly [number, number];
  run(positionals: readonly string[], options: CommonOptions, ctx: CommandContext): Promise<Report>;
};
