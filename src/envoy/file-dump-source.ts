import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Attachments } from '../core/command.ts';
import { MeshdocError } from '../errors.ts';
import { badDump, formatBytes } from './bad-dump.ts';
import { openConfigDump } from './config-dump.ts';
import type { DumpSource } from './dump-source.ts';

/** Above this, reading would strain the bot's memory; Envoy dumps of real meshes stay well below. */
export const maxDumpBytes = 1024 * 1024 * 1024;

/** A dump saved to a file (`--file DUMP`, `-` for stdin), as `istioctl proxy-config --file` reads. */
export function fileDumpSource(
  path: string,
  target?: string,
  stdin: NodeJS.ReadableStream = process.stdin,
): DumpSource {
  return {
    cluster: `files:${path}`,
    target: target ?? (path === '-' ? 'stdin' : basename(path)),
    async load() {
      const buffer = path === '-' ? await readAll(stdin) : await readDumpFile(path);
      return openConfigDump(buffer, path);
    },
  };
}

/** A dump attached to the request (a file uploaded with an @meshdoc message), read by name. */
export function attachedDumpSource(attachments: Attachments, name: string, target?: string): DumpSource {
  return {
    cluster: `attached:${name}`,
    target: target ?? name,
    async load() {
      return openConfigDump(await attachments.read(name, maxDumpBytes), name);
    },
  };
}

async function readDumpFile(path: string): Promise<Buffer> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw badDump(`--file ${path} is a directory; give the dump file inside it.`);
    if (info.size > maxDumpBytes) {
      throw badDump(
        `--file ${path} is ${formatBytes(info.size)}; meshdoc reads dumps up to ${formatBytes(maxDumpBytes)}.`,
      );
    }
    return await readFile(path);
  } catch (error) {
    if (error instanceof MeshdocError) throw error;
    throw fileError(path, error);
  }
}

function fileError(path: string, error: unknown): MeshdocError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT'
      ? 'does not exist'
      : code === 'EACCES' || code === 'EPERM'
        ? 'cannot be read (permission denied)'
        : `cannot be read (${code ?? 'I/O error'})`;
  return new MeshdocError('bad_input_file', `--file ${path} ${reason}.`, {
    hint: 'Check the path.',
    cause: error,
  });
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += b.length;
    if (size > maxDumpBytes) throw badDump(`The dump on stdin is larger than ${formatBytes(maxDumpBytes)}.`);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}
