// Package rre.process.v1, generated from proto/rre/process/v1 (see ../generated; do not edit there).
export * from '../generated/rre/process/v1/process_events_pb';
