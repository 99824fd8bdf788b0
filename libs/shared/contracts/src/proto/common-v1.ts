// Package rre.common.v1, generated from proto/rre/common/v1 (see ../generated; do not edit there).
export * from '../generated/rre/common/v1/lot_pb';
export * from '../generated/rre/common/v1/parties_pb';
export * from '../generated/rre/common/v1/quantities_pb';
