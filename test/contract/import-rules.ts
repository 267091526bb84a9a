// Who may import whom in src/ and commands/ (docs: architecture-examples.md §3 table, §4.2, §4.3),
// checked by import-direction.test.ts. Patterns: a trailing "/" means "anything under", "node:*"
// means any Node builtin, anything else is one file or one package (with its subpaths).

/** One direction rule over import edges. */
export type ImportRule = {
  id: string;
  /** The rule in words, quoted in every failure. */
  rule: string;
  /** Files the rule binds (patterns). */
  importers: readonly string[];
  /** Targets these files must not import … */
  forbid?: readonly string[];
  /** … or the only targets they may import. */
  allowOnly?: readonly string[];
  /** Importers exempt from this rule today, each with why. */
  exceptions?: readonly { importer: string; reason: string }[];
};

/** A violation that exists today and is being removed on another branch; the test fails once it is gone. */
export type KnownViolation = { rule: string; file: string; specifier: string; why: string };

// Modules that do I/O or wrap a foreign API: their errors and types are the gatherers' business.
const ioModules = [
  '@kubernetes/client-node',
  'execa',
  'ws',
  'node:fs',
  'node:net',
  'node:http',
  'node:https',
  'node:http2',
  'node:tls',
  'node:dgram',
  'node:child_process',
  // The same builtins without the "node:" prefix, so the rule cannot be sidestepped by spelling.
  'fs',
  'net',
  'http',
  'https',
  'child_process',
];

export const importRules: readonly ImportRule[] = [
  {
    id: 'io-in-gatherers',
    rule: 'only src/gatherers/** imports @kubernetes/client-node, execa, ws or node:fs/net/http I/O',
    importers: ['src/', 'commands/'],
    forbid: ioModules,
    exceptions: [
      { importer: 'src/gatherers/', reason: 'the gatherers are where I/O belongs' },
      { importer: 'src/main.ts', reason: 'composition root: wires concrete gatherers and adapters' },
      { importer: 'src/cli.ts', reason: 'composition root of the CLI' },
      { importer: 'src/slack/', reason: 'the Bolt adapter: its HTTP receiver needs node:http/node:net' },
      { importer: 'src/health-server.ts', reason: 'serves /healthz and /metrics over node:http' },
      { importer: 'src/local-log.ts', reason: "appends an internal error's stack to the CLI's log file" },
      {
        importer: 'src/open-reader.ts',
        reason: 'composition: checks a kubeconfig exists (existsSync) to pick the live or demo reader',
      },
    ],
  },
  {
    id: 'checks-are-pure',
    rule: 'src/diagnostics/** (checks) never imports gatherers, slack or renderers',
    importers: ['src/diagnostics/'],
    forbid: ['src/gatherers/', 'src/slack/', 'src/renderers/', 'commands/'],
  },
  {
    id: 'renderers-see-findings',
    rule: 'src/renderers/** never imports src/diagnostics/** (they see findings, not checks)',
    importers: ['src/renderers/'],
    forbid: ['src/diagnostics/'],
  },
  {
    id: 'core-stands-alone',
    rule: 'src/core/** imports only zod, Node builtins, src/errors.ts and the KubeReader port (src/kube/kube-reader.ts)',
    importers: ['src/core/'],
    // The command context hands commands a KubeReader; the port itself is Kubernetes knowledge.
    allowOnly: ['zod', 'node:*', 'src/core/', 'src/errors.ts', 'src/kube/kube-reader.ts'],
  },
  {
    id: 'kube-is-knowledge',
    rule: 'src/kube/** (shared pure Kubernetes knowledge) imports only zod, Node types, src/kube/ and src/schemas/',
    importers: ['src/kube/'],
    allowOnly: ['zod', 'node:*', 'src/kube/', 'src/schemas/'],
  },
  {
    id: 'envoy-is-parsing',
    rule: 'src/envoy/** (config-dump parsing, schemas, redaction) never imports gatherers, summaries or commands',
    importers: ['src/envoy/'],
    forbid: ['src/gatherers/', 'src/summaries/', 'src/proxy/', 'commands/'],
  },
  {
    id: 'evidence-is-pure',
    rule: 'src/evidence/** (bundle, runner, replay) never imports gatherers: they are injected',
    importers: ['src/evidence/'],
    forbid: ['src/gatherers/', 'src/diagnostics/', 'commands/'],
  },
  {
    id: 'commands-are-surface-free',
    rule: 'commands/** never imports src/slack/** or src/renderers/** (they return a Report)',
    importers: ['commands/'],
    forbid: ['src/slack/', 'src/renderers/'],
  },
  {
    id: 'no-test-code-shipped',
    rule: 'src/ and commands/ never import test/, bench/ or scripts/ (they are not in the image)',
    importers: ['src/', 'commands/'],
    forbid: ['test/', 'bench/', 'scripts/'],
  },
];

/** The rule id for cycles between top-level src/* folders (and commands/). */
export const noFolderCycle = 'no-folder-cycle';

// Empty this list as the branches that remove these land. Each entry must still exist (the test
// fails on a stale entry), so it cannot outlive its fix.
export const knownViolations: readonly KnownViolation[] = [];
