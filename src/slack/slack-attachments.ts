import * as z from 'zod';
import type { Attachments } from '../core/command.ts';
import { badDump, formatBytes } from '../envoy/bad-dump.ts';
import { readCapped } from '../envoy/read-capped.ts';
import { MeshdocError } from '../errors.ts';

/** The part of a Slack file object (event.files[]) meshdoc reads. */
const SlackFileSchema = z.looseObject({
  name: z.string(),
  size: z.number().optional(),
  url_private_download: z.string().optional(),
  url_private: z.string().optional(),
});

const downloadTimeoutMs = 60_000;

/**
 * The files uploaded with an @meshdoc message, so that `@meshdoc listeners --file dump.json` reads
 * the dump someone just dropped into the incident thread. Downloads need the bot token and the
 * files:read scope; without that scope Slack answers with its sign-in page, which is caught here
 * rather than reported as "not JSON".
 */
export function slackAttachments(
  files: readonly unknown[] | undefined,
  botToken: string | undefined,
): Attachments {
  const parsed = (files ?? []).flatMap((f) => {
    const r = SlackFileSchema.safeParse(f);
    return r.success ? [r.data] : [];
  });
  const names = parsed.map((f) => f.name);
  return {
    names,
    async read(name, maxBytes) {
      const file = name === '-' && parsed.length === 1 ? parsed[0] : parsed.find((f) => f.name === name);
      if (!file) {
        throw new MeshdocError(
          'bad_input_file',
          parsed.length === 0
            ? `--file ${name}: nothing is attached to this message.`
            : `--file ${name}: no file by that name is attached to this message (attached: ${names.join(', ')}).`,
          {
            hint: 'Upload the dump in the same message as the @meshdoc mention, and give its file name to --file.',
          },
        );
      }
      if (file.size !== undefined && file.size > maxBytes) {
        throw badDump(
          `${file.name} is ${formatBytes(file.size)}; meshdoc reads dumps up to ${formatBytes(maxBytes)}.`,
        );
      }
      const url = file.url_private_download ?? file.url_private;
      if (!url || !botToken)
        throw new MeshdocError('upstream_failed', `Slack gave no download link for ${file.name}.`);
      let response: Response;
      try {
        response = await fetch(url, {
          headers: { Authorization: `Bearer ${botToken}` },
          signal: AbortSignal.timeout(downloadTimeoutMs),
        });
      } catch (error) {
        throw new MeshdocError('upstream_failed', `Downloading ${file.name} from Slack failed.`, {
          cause: error,
        });
      }
      if (!response.ok) {
        throw new MeshdocError(
          'upstream_failed',
          `Slack refused to hand over ${file.name} (HTTP ${response.status}).`,
        );
      }
      if ((response.headers.get('content-type') ?? '').startsWith('text/html')) {
        await response.body?.cancel();
        throw new MeshdocError(
          'forbidden',
          `Slack answered with its sign-in page instead of ${file.name}: the meshdoc app lacks the files:read scope.`,
          { hint: 'Add files:read (see deploy/slack-app-manifest.yaml) and reinstall the app.' },
        );
      }
      return response.body ? readCapped(response.body, maxBytes, file.name) : Buffer.alloc(0);
    },
  };
}
