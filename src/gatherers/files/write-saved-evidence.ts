import { writeFile } from 'node:fs/promises';
import { MeshdocError } from '../../errors.ts';
import type { SavedEvidence } from '../../evidence/saved-evidence.ts';

/** Writes `--save-evidence FILE` (pretty JSON, so it diffs well as a test fixture). */
export async function writeSavedEvidence(path: string, saved: SavedEvidence): Promise<void> {
  try {
    await writeFile(path, `${JSON.stringify(saved, null, 2)}\n`);
  } catch (error) {
    throw new MeshdocError('bad_input_file', `--save-evidence ${path}: the file cannot be written.`, {
      cause: error,
    });
  }
}
