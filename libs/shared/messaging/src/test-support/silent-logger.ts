import type { MessagingLogger } from '../messaging-logger';

/** Keeps expected retries (a restart, a poison event) out of test output; set MESSAGING_TEST_LOG=1 to see them. */
export const silentLogger: MessagingLogger =
  process.env['MESSAGING_TEST_LOG'] === '1'
    ? {
        info: (fields, message) => console.info(message, fields),
        warn: (fields, message) => console.warn(message, fields),
        error: (fields, message) => console.error(message, fields),
      }
    : { info: () => undefined, warn: () => undefined, error: () => undefined };
