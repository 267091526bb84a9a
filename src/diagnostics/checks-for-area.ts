import type { Area } from '../core/check.ts';
import { checks } from './index.ts';
import type { InjectionCheck } from './injection/injection-input.ts';
import type { TlsCheck } from './tls/tls-input.ts';

/** The check type of each area: an area's checks all read that area's prepared input. */
type CheckOfArea = {
  injection: InjectionCheck;
  tls: TlsCheck;
  labels: never;
  canary: never;
  proxy: never;
};

/** The registered checks of one area, in registry order; a new check is picked up with no edit here. */
export function checksForArea<A extends Area>(area: A): CheckOfArea[A][] {
  // A cast: check-registry.test.ts tests the marks (area = id prefix, injection checks have a stage).
  return checks.filter((c) => c.area === area) as CheckOfArea[A][];
}
