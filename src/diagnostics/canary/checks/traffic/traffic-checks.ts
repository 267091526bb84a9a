import { ingressMeshSplitDiffers } from './ingress-mesh-split-differs.ts';
import { routing503s } from './routing-503s.ts';
import { splitDiffers } from './split-differs.ts';
import { tooLittleTraffic } from './too-little-traffic.ts';

/** The observed-traffic checks of canary status (canary.md §8.6 T01–T04), sorted by id. */
export const trafficChecks = [ingressMeshSplitDiffers, routing503s, splitDiffers, tooLittleTraffic] as const;
