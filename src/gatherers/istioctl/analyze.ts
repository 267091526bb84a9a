import * as z from 'zod';
import { MeshdocError } from '../../errors.ts';
import { type AnalyzeMessage, AnalyzeMessageSchema } from '../../schemas/istioctl.ts';
import { type IstioctlOptions, runIstioctl } from './run-istioctl.ts';

/** Runs `istioctl analyze` (live, or on files with --use-kube=false) and parses its JSON. */
export async function istioctlAnalyze(
  target: { namespace?: string; allNamespaces?: boolean; files?: string[] },
  options: IstioctlOptions,
): Promise<AnalyzeMessage[]> {
  return (await istioctlAnalyzeVerbose(target, options)).messages;
}

/**
 * The same, with `-v`: also the analyzers istioctl skipped (file mode skips every analyzer that
 * reads Services, Pods, Namespaces or Nodes, which it drops from the files), read from stderr.
 */
export async function istioctlAnalyzeVerbose(
  target: { namespace?: string; allNamespaces?: boolean; files?: string[] },
  options: IstioctlOptions,
): Promise<{ messages: AnalyzeMessage[]; skipped: string[] }> {
  const args = ['analyze', '-o', 'json', '-v'];
  // On files, without --all-namespaces istioctl reports namespace `default` only.
  if (target.files)
    args.push('--use-kube=false', ...(target.allNamespaces ? ['--all-namespaces'] : []), ...target.files);
  else if (target.allNamespaces) args.push('--all-namespaces');
  else if (target.namespace) args.push('--namespace', target.namespace);
  // analyze exits 79 (errors found) or 80 (warnings found) with valid output: those are findings.
  const { stdout, stderr } = await runIstioctl(args, options, [0, 79, 80]);
  const skipped = skippedAnalyzers(stderr);
  // istioctl's own log lines (e.g. "error kube translation function … not found") go to stdout
  // ahead of the JSON; the JSON array starts at the first line that opens with "[".
  const start = stdout.search(/^\[/m);
  const trimmed = (start >= 0 ? stdout.slice(start) : stdout).trim();
  if (trimmed === '' || trimmed.startsWith('✔') || trimmed === 'null') return { messages: [], skipped };
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    throw new MeshdocError(
      'unexpected_output',
      'istioctl analyze did not print JSON; its version may not match what meshdoc expects.',
      { hint: 'Run `istioctl version` and compare with the control plane.' },
    );
  }
  const parsed = z.array(AnalyzeMessageSchema).safeParse(json);
  if (!parsed.success)
    throw new MeshdocError(
      'unexpected_output',
      'istioctl analyze printed JSON in a shape meshdoc does not understand.',
    );
  return { messages: parsed.data, skipped };
}

/** The names under "Skipped analyzers:" in istioctl's -v output, up to "Executed analyzers:". */
function skippedAnalyzers(text: string): string[] {
  const start = text.indexOf('Skipped analyzers:');
  if (start < 0) return [];
  const end = text.indexOf('Executed analyzers:', start);
  return text
    .slice(start + 'Skipped analyzers:'.length, end < 0 ? undefined : end)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}
