import { type Command, defineCommand, type Surface } from '../src/core/command.ts';
import { commonFlags } from '../src/core/common-flags.ts';
import { type FlagSpec, type FlagSpecs, flagUsage } from '../src/core/flag-spec.ts';
import { describeKinds } from '../src/core/parse-target.ts';
import type { Report } from '../src/core/report.ts';
import { UsageError } from '../src/errors.ts';

/** Built from each command's own summary, usage, flags and examples, so help cannot drift. */
export function makeHelp(registry: () => readonly Command[]): Command {
  const help = defineCommand({
    name: 'help',
    summary: 'Lists the commands, or shows one command with its flags and examples',
    usage: 'help [command]',
    examples: ['help', 'help why-not-injected'],
    common: [],
    flags: {},
    positionals: [0, 2],
    async run(positionals, options) {
      const commands = registry();
      const as = invokedAs[options.surface];
      const wanted = positionals.join(' ');
      if (wanted) {
        const command = commands.find((c) => c.name === wanted.toLowerCase());
        if (!command)
          throw new UsageError(
            `No command "${wanted.slice(0, 40)}". Commands: ${commands.map((c) => c.name).join(', ')}.`,
            help.usage,
          );
        return report(`${command.name}: ${command.summary}`, [
          { kind: 'keyValue', title: 'Usage', pairs: [{ key: 'usage', value: `${as}${command.usage}` }] },
          ...(command.target
            ? [{ kind: 'text' as const, title: 'Target', text: `${describeKinds(command.target.kinds)}` }]
            : []),
          { kind: 'table', title: 'Flags', columns: ['FLAG', 'WHAT IT DOES'], rows: flagRows(command) },
          { kind: 'text', title: 'Examples', text: command.examples.map((e) => `${as}${e}`).join('\n') },
        ]);
      }
      return report('meshdoc tells you why your Istio mesh misbehaves. Commands:', [
        {
          kind: 'table',
          title: 'Commands',
          columns: ['COMMAND', 'WHAT IT ANSWERS', 'EXAMPLE'],
          rows: commands.map((c) => [c.name, c.summary, `${as}${c.examples[0] ?? c.name}`]),
        },
        {
          kind: 'text',
          title: 'Everywhere',
          text: everywhere[options.surface],
        },
      ]);
    },
  });
  return help;
}

/** How a command is typed on each surface: the console takes lines with or without /mesh. */
const invokedAs: Record<Surface, string> = { cli: 'meshdoc ', console: '', slack: '/mesh ' };

const everywhere: Record<Surface, string> = {
  slack:
    'Add -o json for machine-readable output. In a thread, mention @meshdoc instead of /mesh. In the CLI, --context picks a kubeconfig context and --from reads saved manifests. `help <command>` lists its flags.',
  cli: 'Add -o json for machine-readable output, --context to pick a kubeconfig context, --from to read saved manifests instead of a cluster, --debug to log what meshdoc does on stderr. `meshdoc help <command>` lists its flags. In Slack, the same commands follow /mesh.',
  console:
    'Add -o json for machine-readable output. Type a command with or without /mesh, as in Slack; `help <command>` lists its flags; exit or quit leaves.',
};

/** The command's own flags first, then the common ones it takes, each with where it works. */
function flagRows(command: Command): string[][] {
  const common: FlagSpecs = commonFlags;
  const own = Object.entries(command.flags as FlagSpecs);
  const shared = (['output', ...command.common] as const).map((name) => [name, common[name]] as const);
  return [...own, ...shared].flatMap(([name, spec]) =>
    spec ? [[flagUsage(name, spec), describe(spec)]] : [],
  );
}

function describe(spec: FlagSpec): string {
  if (spec.reach === 'local') return `${spec.description} (CLI only)`;
  if (spec.reach === 'local-or-attached') return `${spec.description} (in Slack, attached files only)`;
  return spec.description;
}

function report(headline: string, sections: Report['sections']): Report {
  return { command: 'help', cluster: '-', target: '-', headline, sections, notes: [], attachments: [] };
}
