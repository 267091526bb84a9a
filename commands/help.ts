import type { Command } from '../src/core/command.ts';
import type { Report } from '../src/core/report.ts';
import { UsageError } from '../src/errors.ts';

/** Built from each command's own summary, usage and examples, so help cannot drift. */
export function makeHelp(registry: () => readonly Command[]): Command {
  const help: Command = {
    name: 'help',
    summary: 'Lists the commands, or shows one command with examples',
    usage: 'help [command]',
    examples: ['help', 'help why-not-injected'],
    options: [],
    positionals: [0, 2],
    async run(positionals) {
      const commands = registry();
      const wanted = positionals.join(' ');
      if (wanted) {
        const command = commands.find((c) => c.name === wanted.toLowerCase());
        if (!command)
          throw new UsageError(
            `No command "${wanted.slice(0, 40)}". Commands: ${commands.map((c) => c.name).join(', ')}.`,
            help.usage,
          );
        return report(`${command.name}: ${command.summary}`, [
          { kind: 'keyValue', title: 'Usage', pairs: [{ key: 'usage', value: `/mesh ${command.usage}` }] },
          { kind: 'text', title: 'Examples', text: command.examples.map((e) => `/mesh ${e}`).join('\n') },
        ]);
      }
      return report('meshdoc tells you why your Istio mesh misbehaves. Commands:', [
        {
          kind: 'table',
          title: 'Commands',
          columns: ['COMMAND', 'WHAT IT ANSWERS', 'EXAMPLE'],
          rows: commands.map((c) => [c.name, c.summary, `/mesh ${c.examples[0] ?? c.name}`]),
        },
        {
          kind: 'text',
          title: 'Everywhere',
          text: 'Add -o json for machine-readable output. In a thread, mention @meshdoc instead of /mesh. In the CLI, --context picks a kubeconfig context and --from reads saved manifests.',
        },
      ]);
    },
  };
  return help;
}

function report(headline: string, sections: Report['sections']): Report {
  return { command: 'help', cluster: '-', target: '-', headline, sections, notes: [], attachments: [] };
}
