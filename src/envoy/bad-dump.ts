import { MeshdocError } from '../errors.ts';

/** How to take a dump meshdoc can read; quoted in every "bad dump" hint. */
export const dumpHowTo =
  "kubectl exec <pod> -n <namespace> -c istio-proxy -- pilot-agent request GET 'config_dump?include_eds' > dump.json";

/** A dump meshdoc cannot use: the message says what is wrong, the hint how to get a good one. */
export function badDump(message: string, hint = `Take a fresh dump with: ${dumpHowTo}`): MeshdocError {
  return new MeshdocError('bad_input_file', message, { hint });
}

/** Human-readable byte counts for messages ("12.3 MB"). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

// Messages for files that are not (complete) JSON, with a snippet so people recognise what they gave.

function snippet(buf: Buffer, i: number): string {
  const text = buf.toString('utf8', i, Math.min(buf.length, i + 60)).split(/\r?\n/)[0] ?? '';
  return text.replace(/[^\x20-\x7e]/g, '?');
}

export function notJson(buf: Buffer, i: number): Error {
  const head = snippet(buf, i);
  if (head.startsWith('<'))
    return badDump(`The file looks like HTML or XML, not a JSON config dump (it starts with "${head}").`);
  if (/^(---|[A-Za-z_"@-][\w".@ -]*:(\s|$))/.test(head)) {
    return badDump(
      `The file looks like YAML or text, not JSON (it starts with "${head}"). meshdoc reads the JSON that Envoy's /config_dump returns.`,
    );
  }
  return badDump(`The file is not JSON: it starts with "${head}".`);
}

export function truncated(
  buf: Buffer,
  depth: number,
  section: { index: number; typeUrl: string } | undefined,
): Error {
  const type = section?.typeUrl ? ` (${section.typeUrl.slice(section.typeUrl.lastIndexOf('.') + 1)})` : '';
  const where = section ? `, inside configs[${section.index}]${type}` : '';
  return badDump(
    `The dump is truncated: it ends after ${formatBytes(buf.length)} with ${depth} bracket${depth === 1 ? '' : 's'} still open${where}. Was the download or copy interrupted?`,
  );
}

export function invalidAt(buf: Buffer, i: number): Error {
  return badDump(
    `The dump is not valid JSON: a bracket at byte ${i} does not match the one it closes (near "${snippet(buf, Math.max(0, i - 20))}").`,
  );
}

export function extraData(buf: Buffer, i: number): Error {
  return badDump(
    `The dump has extra data after the JSON document, at byte ${i} ("${snippet(buf, i)}"). Were two dumps or a log message written into the same file?`,
  );
}
