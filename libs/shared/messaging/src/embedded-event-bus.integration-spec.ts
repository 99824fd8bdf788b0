// The event bus contract on the embedded adapter (outbox as the log), on TEST_DATABASE.
import { describeEventBusContract } from './test-support/event-bus.contract';
import { createEmbeddedHarness } from './test-support/embedded-event-bus-harness';

describeEventBusContract(`embedded (${process.env['TEST_DATABASE'] || 'postgres'})`, createEmbeddedHarness);
