import { stat } from 'node:fs/promises';
import { MeshdocError } from '../../errors.ts';
import { type SavedEvidence, SavedEvidenceSchema } from '../../evidence/saved-evidence.ts';
import { inputLimits, nestingExceeds, readRegularFile, shown } from './bounded-read.ts';

/** The saved evidence in `path`, or undefined when it is not a `--save-evidence` file. */
export async function loadSavedEvidence(
  path: string,
  maxBytes: number = inputLimits.manifestFileBytes,
): Promise<SavedEvidence | undefined> {
  if (!path.endsWith('.json')) return undefined;
  // Anything but a regular file is left to loadManifests, which refuses it by name.
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  const text = (
    await readRegularFile('--from', path, {
      maxBytes,
      what: 'a file of manifests or saved evidence',
    })
  ).toString('utf8');
  // Deep nesting is left to loadManifests too, which says so.
  if (!text.includes('"meshdocEvidence"') || nestingExceeds(text, inputLimits.nestingDepth)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!json || typeof json !== 'object' || !('meshdocEvidence' in json)) return undefined;
  const parsed = SavedEvidenceSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MeshdocError(
      'bad_input_file',
      `--from ${shown(path)}: a saved evidence file, but malformed at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}.`,
    );
  }
  return parsed.data;
}
