import { messagingMigrations } from '@rre/messaging';
import type { MigrationInterface } from 'typeorm';
import { CreateIntakeTables1764500000000 } from './1764500000000-create-intake-tables.migration';
import { CreateManifestTables1764500000001 } from './1764500000001-create-manifest-tables.migration';
import { CreateLotDocument1764500000002 } from './1764500000002-create-lot-document.migration';
import { AddLotExternalRef1764500000003 } from './1764500000003-add-lot-external-ref.migration';
import { AddDecisionWithdrawal1764500000004 } from './1764500000004-add-decision-withdrawal.migration';
import { AssayElementContentEntity } from './assay-element-content.entity';
import { AssayEntity } from './assay.entity';
import { CustodyTransferEntity } from './custody-transfer.entity';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { LotCodeSequenceEntity } from './lot-code-sequence.entity';
import { LotCorrectionEntity } from './lot-correction.entity';
import { LotDecisionEntity } from './lot-decision.entity';
import { LotDocumentEntity } from './lot-document.entity';
import { LotEntity } from './lot.entity';
import { ManifestReportEntity } from './manifest-report.entity';
import { ManifestSlipEntity } from './manifest-slip.entity';
import { ScreeningEntity } from './screening.entity';
import { WasteManifestEntity } from './waste-manifest.entity';

/** The database schema of the intake service (its own schema, `intake` by default). */
export const INTAKE_SERVICE_NAME = 'intake';

export const intakeEntities = [
  LotEntity,
  LotCodeSequenceEntity,
  AssayEntity,
  AssayElementContentEntity,
  ScreeningEntity,
  LotDecisionEntity,
  CustodyTransferEntity,
  LotCorrectionEntity,
  IdempotencyKeyEntity,
  WasteManifestEntity,
  ManifestSlipEntity,
  ManifestReportEntity,
  LotDocumentEntity,
];

/** Intake's own tables, then the outbox, sequences, inbox and dead letters of @rre/messaging. */
export const intakeMigrations: (new () => MigrationInterface)[] = [
  ...messagingMigrations,
  CreateIntakeTables1764500000000,
  CreateManifestTables1764500000001,
  CreateLotDocument1764500000002,
  AddLotExternalRef1764500000003,
  AddDecisionWithdrawal1764500000004,
];
