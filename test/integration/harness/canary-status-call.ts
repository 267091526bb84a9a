import { commands } from '../../../commands/index.ts';
import type { CommandContext } from '../../../src/core/command.ts';
import { type Outcome, runInvocation } from '../../../src/core/run-invocation.ts';
import { renderJson, renderJsonError } from '../../../src/renderers/json.ts';

// `canary status <app> -n <ns> --window 30s --verbose -o json` as the CLI runs it, and the JSON a
// user gets (the error's JSON when it fails): what the canary integration tests assert on. The
// window is 30 s because the tests wait one window of traffic at each state they check.

export async function canaryStatusCall<Json>(
  ctx: CommandContext,
  app: string,
  namespace: string,
  extra: readonly string[] = [],
): Promise<{ out: Outcome; json: Json; text: string }> {
  const out = await runInvocation(
    ['canary', 'status', app, '-n', namespace, '--window', '30s', '--verbose', '-o', 'json', ...extra],
    'cli',
    commands,
    ctx,
  );
  const text = out.ok ? renderJson(out.report) : renderJsonError(out.error);
  return { out, json: JSON.parse(text) as Json, text };
}
