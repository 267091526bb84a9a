import { destinationRuleHostUnknown } from './checks/destination-rule-host-unknown.ts';
import { missingAppLabel } from './checks/missing-app-label.ts';
import { podInSeveralServices } from './checks/pod-in-several-services.ts';
import { portProtocolUnknown } from './checks/port-protocol-unknown.ts';
import { serviceSelectsNoPods } from './checks/service-selects-no-pods.ts';
import { subsetLabels } from './checks/subset-labels.ts';
import { subsetSelectsNoPods } from './checks/subset-selects-no-pods.ts';
import { undefinedSubset } from './checks/undefined-subset.ts';
import { virtualServiceHostUnknown } from './checks/virtual-service-host-unknown.ts';

/** The labels checks, sorted by id (src/diagnostics/index.ts joins them with every other area's). */
export const labelsChecks = [
  destinationRuleHostUnknown,
  missingAppLabel,
  podInSeveralServices,
  portProtocolUnknown,
  serviceSelectsNoPods,
  subsetLabels,
  subsetSelectsNoPods,
  undefinedSubset,
  virtualServiceHostUnknown,
] as const;
