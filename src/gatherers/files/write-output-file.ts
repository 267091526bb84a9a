import { MeshdocError } from '../../errors.ts';
import { nonRegularKind, shown } from './bounded-read.ts';

/**
 * Writes a file the user asked for by a flag (`--chart FILE`: the canary chart's PNG), whole,
 * replacing a file already there. Refuses a directory, and a FIFO, device or socket (a FIFO would
 * block the write forever, a device swallow it); every failure is one sentence naming the flag
 * and the path, e.g. that the folder does not exist or may not be written.
 */
export async function writeOutputFile(
  path: string,
  content: Uint8Array | string,
  options: { flag?: string } = {},
): Promise<void> {
  const flag = options.flag ?? '--chart';
  // node:fs/promises and node:path loaded here, when a file is written, not at every CLI start.
  const { stat, writeFile } = process.getBuiltinModule('node:fs/promises');
  const { dirname } = process.getBuiltinModule('node:path');
  const refuse = (reason: string, error?: unknown) =>
    new MeshdocError('bad_input_file', `${flag} ${shown(path)} ${reason}`, {
      hint: 'Give the path of a file to write, in a folder that exists.',
      ...(error === undefined ? {} : { cause: error }),
    });
  if (path === '') throw refuse('is empty: name the file to write.');

  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw refuse('is a directory, not a file to write.');
  const kind = existing && nonRegularKind(existing);
  if (kind) throw refuse(`is ${kind}, not a file to write.`);

  try {
    await writeFile(path, content);
  } catch (error) {
    throw refuse(writeFailure(error, shown(dirname(path))), error);
  }
}

/** Why a write failed, as the end of "--chart FILE …". */
function writeFailure(error: unknown, folder: string): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return `cannot be written: the folder ${folder} does not exist.`;
    case 'ENOTDIR':
      return `cannot be written: part of the path is a file, not a folder.`;
    case 'EACCES':
    case 'EPERM':
      return `cannot be written: permission denied (the file or the folder ${folder}).`;
    case 'EROFS':
      return 'cannot be written: the file system is read-only.';
    case 'EISDIR':
      return 'is a directory, not a file to write.';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'cannot be written: no space left on the device.';
    default:
      return `cannot be written (${(error as NodeJS.ErrnoException).code ?? 'I/O error'}).`;
  }
}
