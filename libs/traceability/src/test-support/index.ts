// Test support for specs of this library and of the traceability service (`@rre/traceability/testing`);
// never exported by src/index.ts, so no production code reaches it.
export { principal } from './callers';
export { concentrationRunEvents } from './concentration-run-events';
export { composition, kg, lotRef, shortCodeLotRef, tb } from './event-builders';
export {
  type EventDelivery,
  eventDelivery,
  type EventDeliveryOptions,
  type PositionCount,
  secondsAfter,
} from './event-delivery';
export { mergeAndSplit } from './merge-and-split';
export { openTraceTestDatabase, type TraceTestDatabase } from './trace-test-database';
export { type GraphqlAnswer, startTraceTestSubgraph, type TraceTestSubgraph } from './trace-test-subgraph';
