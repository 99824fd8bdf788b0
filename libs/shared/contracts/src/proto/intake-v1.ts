// Package rre.intake.v1, generated from proto/rre/intake/v1 (see ../generated; do not edit there).
export * from '../generated/rre/intake/v1/lot_events_pb';
