/** The part of a pino logger (createLogger from @rre/telemetry) the messaging pieces use. */
export interface MessagingLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}
