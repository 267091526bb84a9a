import { badDump } from '../envoy/bad-dump.ts';
import { type SectionName, sectionTypeUrls } from '../envoy/config-dump.ts';

/** The dump lacks a section the command needs (a masked dump, or one from istiod's debug endpoint). */
export function missingSection(name: SectionName, hint?: string): Error {
  const type = sectionTypeUrls[name].split('.').pop();
  return badDump(
    `The dump has no ${name} section (${type}): it was probably taken with ?mask=… or from istiod's debug endpoint.`,
    hint,
  );
}
