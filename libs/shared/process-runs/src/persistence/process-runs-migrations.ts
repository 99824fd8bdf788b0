import { CreateProcessRunTables1764600000000 } from './1764600000000-create-process-run-tables.migration';
import { CreateProcessLotCorrection1764600000001 } from './1764600000001-create-process-lot-correction.migration';

/** The run tables' migrations (index.ts adds those of measurements and notifications). */
export const processRunTableMigrations = [
  CreateProcessRunTables1764600000000,
  CreateProcessLotCorrection1764600000001,
];
