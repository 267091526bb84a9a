import { MeshdocError } from '../../errors.ts';
import type { SavedEvidence } from '../../evidence/saved-evidence.ts';
import { nonRegularKind, shown } from './bounded-read.ts';

/** Writes `--save-evidence FILE` (pretty JSON, so it diffs well as a test fixture). */
export async function writeSavedEvidence(path: string, saved: SavedEvidence): Promise<void> {
  // node:fs/promises loaded here, when evidence is saved, not at every CLI start.
  const { stat, writeFile } = process.getBuiltinModule('node:fs/promises');
  // A FIFO would block the write forever, a device swallow it: only files (new or existing).
  const existing = await stat(path).catch(() => undefined);
  const kind = existing && (existing.isDirectory() ? 'a directory' : nonRegularKind(existing));
  if (kind)
    throw new MeshdocError(
      'bad_input_file',
      `--save-evidence ${shown(path)} is ${kind}, not a file to write.`,
    );
  try {
    await writeFile(path, `${JSON.stringify(saved, null, 2)}\n`);
  } catch (error) {
    throw new MeshdocError('bad_input_file', `--save-evidence ${shown(path)}: the file cannot be written.`, {
      cause: error,
    });
  }
}
