// Package rre.traceability.v1, generated from proto/rre/traceability/v1 (see ../generated; do not edit there).
export * from '../generated/rre/traceability/v1/statement_events_pb';
