// Package rre.sales.v1, generated from proto/rre/sales/v1 (see ../generated; do not edit there).
export * from '../generated/rre/sales/v1/sales_events_pb';
