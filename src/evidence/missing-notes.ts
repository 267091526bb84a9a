import type { EvidenceKind } from '../core/evidence.ts';
import type { GatherNote } from '../core/report.ts';
import type { EvidenceBundle } from './evidence-bundle.ts';

/** The report's "could not check" notes: one per missing kind, one per kind assumed "none". */
export function missingNotes(bundle: EvidenceBundle): GatherNote[] {
  const notes: GatherNote[] = [];
  for (const [kind, m] of Object.entries(bundle.missing) as [EvidenceKind, { message: string }][])
    notes.push({ evidence: kind, message: m.message });
  for (const [kind, message] of Object.entries(bundle.assumed) as [EvidenceKind, string][])
    notes.push({ evidence: kind, message });
  return notes;
}
