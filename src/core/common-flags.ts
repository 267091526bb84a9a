import type { StringFlag } from './flag-spec.ts';

/**
 * Flags that mean the same in every command that takes them. A command lists the ones it takes
 * (`Command.common`); -o/--output is taken by all. Anything command-specific is declared by the
 * command itself (`Command.flags`), never here. A new common flag is one entry here; commands opt
 * in through `common`, and `run` reads it as `options[name]`. String flags only: CommonOptions gives
 * each entry a `string | undefined` field of its name.
 */
export const commonFlags = {
  namespace: {
    type: 'string',
    short: 'n',
    value: '<namespace>',
    description: 'Namespace of the target (default: MESHDOC_DEFAULT_NAMESPACE)',
  },
  output: { type: 'string', short: 'o', value: 'text|json', description: 'Output format' },
  context: {
    type: 'string',
    value: '<context>',
    description: 'Kubeconfig context to read (in Slack, only where the channel is not bound to one)',
  },
  from: {
    type: 'string',
    value: '<path>',
    description:
      'Read saved manifests (a YAML/JSON file or directory), or evidence saved with --save-evidence, instead of a cluster',
    reach: 'local',
  },
  'save-evidence': {
    type: 'string',
    value: '<file>',
    description: 'Also write the gathered evidence as JSON, so `--from <file>` replays this answer',
    reach: 'local',
  },
} as const satisfies Readonly<Record<string, StringFlag>>;

export type CommonFlagName = keyof typeof commonFlags;
/** The common flags a command may opt into; -o/--output is always on. */
export type OptionalCommonFlag = Exclude<CommonFlagName, 'output'>;
