import * as z from 'zod/mini';
import { type EvidenceKind, evidenceKinds, missingReasons } from '../core/evidence.ts';
import { MeshdocError } from '../errors.ts';
import type { EvidenceBundle } from './evidence-bundle.ts';
import { ConfigDumpRefSchema, evidenceSchemas } from './evidence-schemas.ts';
import { EvidenceScopeSchema } from './evidence-scope.ts';
import { redactForSaving } from './redact-for-saving.ts';

const KindSchema = z.enum(evidenceKinds);

// Config dumps are saved as a reference (source, name, size), never their bytes: they run to
// megabytes and hold certificates and keys. A replay therefore has no dump; it is `missing`.
const { configDump: _dump, ...savedValueSchemas } = evidenceSchemas;

/** `--save-evidence` files: the bundle as gathered, with what it was about and where from. */
export const SavedEvidenceSchema = z.object({
  meshdocEvidence: z.literal(1),
  cluster: z.string(),
  kubectl: z.string(),
  scope: EvidenceScopeSchema,
  values: z.partial(z.object(savedValueSchemas)),
  configDump: z.optional(ConfigDumpRefSchema),
  // `saveWith` too: without it a replayed not-in-files kind reads as a plain gap and the verdict changes.
  missing: z.partialRecord(
    KindSchema,
    z.object({ reason: z.enum(missingReasons), message: z.string(), saveWith: z.optional(z.string()) }),
  ),
  assumed: z.partialRecord(KindSchema, z.string()),
});
export type SavedEvidence = z.infer<typeof SavedEvidenceSchema>;

/** The saveable form of a bundle (config dump reduced to its reference, secrets redacted). */
export function toSavedEvidence(
  bundle: EvidenceBundle,
  about: Pick<SavedEvidence, 'cluster' | 'kubectl' | 'scope'>,
): SavedEvidence {
  const { configDump, ...values } = bundle.values;
  return SavedEvidenceSchema.parse({
    meshdocEvidence: 1,
    ...about,
    values: redactForSaving(values),
    ...(configDump ? { configDump: configDump.ref } : {}),
    missing: bundle.missing,
    assumed: bundle.assumed,
  });
}

/**
 * Replays a saved bundle for the kinds a command needs. A kind the file does not hold is
 * missing as `not_in_files`; a saved config dump is only a reference, so it is missing too.
 */
export function bundleFromSaved(
  saved: SavedEvidence,
  scope: SavedEvidence['scope'],
  kinds: readonly EvidenceKind[],
): EvidenceBundle {
  if (JSON.stringify(saved.scope) !== JSON.stringify(scope)) {
    throw new MeshdocError(
      'usage',
      `The saved evidence is about ${describe(saved.scope)}, not ${describe(scope)}.`,
    );
  }
  const values: Record<string, unknown> = {};
  const missing: EvidenceBundle['missing'] = {};
  const assumed: EvidenceBundle['assumed'] = {};
  for (const kind of kinds) {
    const value = kind === 'configDump' ? undefined : saved.values[kind];
    if (value !== undefined) values[kind] = value;
    const why = saved.missing[kind];
    if (why) missing[kind] = why;
    const note = saved.assumed[kind];
    if (note) assumed[kind] = note;
    if (value === undefined && !why) {
      missing[kind] = {
        reason: 'not_in_files',
        message:
          kind === 'configDump' && saved.configDump
            ? `The saved evidence holds only a reference to the config dump (${saved.configDump.name}, ${saved.configDump.bytes} bytes); give the dump with --file.`
            : `The saved evidence holds no ${kind}.`,
      };
    }
  }
  return { values, missing, assumed } as EvidenceBundle;
}

function describe(scope: SavedEvidence['scope']): string {
  const t = scope.target;
  return t ? `${t.kind} ${t.namespace}/${t.name}` : `namespace ${scope.namespace}`;
}
