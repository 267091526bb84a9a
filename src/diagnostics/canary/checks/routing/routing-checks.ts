import { controllerWeightDrift } from './controller-weight-drift.ts';
import { gatewayBypassesSplit } from './gateway-bypasses-split.ts';
import { gatewayMissing } from './gateway-missing.ts';
import { headerRouteMisconfigured } from './header-route-misconfigured.ts';
import { multiPortNoPort } from './multi-port-no-port.ts';
import { noVirtualService } from './no-virtual-service.ts';
import { routeShadowed } from './route-shadowed.ts';
import { severalRoutingObjects } from './several-routing-objects.ts';
import { subsetNoPods } from './subset-no-pods.ts';
import { subsetTooBroad } from './subset-too-broad.ts';
import { subsetUndefined } from './subset-undefined.ts';
import { vsHostUnknown } from './vs-host-unknown.ts';
import { weightsNot100 } from './weights-not-100.ts';
import { zeroWeightDestination } from './zero-weight-destination.ts';

/** The routing checks of `canary status` (canary.md §8.6, R01–R14), sorted by id. */
export const routingChecks = [
  controllerWeightDrift,
  gatewayBypassesSplit,
  gatewayMissing,
  headerRouteMisconfigured,
  multiPortNoPort,
  noVirtualService,
  routeShadowed,
  severalRoutingObjects,
  subsetNoPods,
  subsetTooBroad,
  subsetUndefined,
  vsHostUnknown,
  weightsNot100,
  zeroWeightDestination,
] as const;
