import type { CauseSpec } from '../../core/check.ts';
import type { EvidenceKind } from '../../core/evidence.ts';
import type { Fact, Finding } from '../../core/finding.ts';
import {
  type ConflictGroup,
  conflictFacts,
  conflictGroups,
  ruledOut,
  serviceRef,
  tlsFinding,
} from './tls-finding.ts';
import type { TlsCheck, TlsInput } from './tls-input.ts';
import type { ConflictCause } from './tls-rows.ts';

/**
 * A check that reports the rows one conflict cause breaks: one finding per misconfigured object,
 * with the two sides as facts, or a ruled-out line when no row has that cause. Each check file
 * says only what is particular to its cause: the words, the subject and the fix.
 */
export function conflictCheck(def: {
  id: string;
  title: string;
  needs: readonly EvidenceKind[];
  spec: CauseSpec & { cause: ConflictCause };
  /** The ruled-out line. */
  none: string;
  finding(
    group: ConflictGroup,
    input: TlsInput,
  ): Omit<Finding, 'code' | 'cause' | 'facts' | 'severity'> & { facts?: Fact[] };
}): TlsCheck {
  return {
    id: def.id,
    area: 'tls',
    title: def.title,
    needs: def.needs,
    emits: [def.spec],
    run(input) {
      const groups = conflictGroups(input.rows, def.spec.cause);
      const [first] = input.rows;
      if (groups.length === 0) return first ? [ruledOut(def.spec, serviceRef(first), def.none)] : [];
      return groups.map((g) =>
        tlsFinding(def.spec, { severity: 'error', facts: conflictFacts(g), ...def.finding(g, input) }),
      );
    },
  };
}
