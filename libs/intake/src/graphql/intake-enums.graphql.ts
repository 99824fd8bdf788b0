import { registerEnumType } from '@nestjs/graphql';
import { AssayMethod, MoistureBasis } from '../domain/assay';
import { TransferState } from '../domain/custody-transfer';
import { CorrectableLotField } from '../domain/lot-correction';
import { DecisionKind, DecisionState, RejectionDisposition } from '../domain/lot-decision';
import { Custodian, LotStatus } from '../domain/lot-status';
import { ConcentrationRoute, MaterialKind } from '../domain/material-kind';
import { ScreeningOutcome } from '../domain/radioactivity-screening';
import { SourceCategory } from '../domain/source-category';
import { ManifestForm, ManifestReportKind, ManifestSlip } from '../domain/waste-manifest';

registerEnumType(MaterialKind, { name: 'MaterialKind', description: 'What kind of material a lot is' });
registerEnumType(SourceCategory, {
  name: 'SourceCategory',
  description:
    'Post-consumer, pre-consumer or primary (unused resources), as recycled-content claims count it',
});
registerEnumType(LotStatus, { name: 'LotStatus' });
registerEnumType(Custodian, { name: 'Custodian', description: 'The service holding the lot' });
registerEnumType(AssayMethod, { name: 'AssayMethod' });
registerEnumType(MoistureBasis, {
  name: 'MoistureBasis',
  description: 'Whether contents refer to the material as received (WET) or dried (DRY)',
});
registerEnumType(ScreeningOutcome, { name: 'ScreeningOutcome' });
registerEnumType(DecisionKind, { name: 'DecisionKind' });
registerEnumType(DecisionState, { name: 'DecisionState' });
registerEnumType(RejectionDisposition, { name: 'RejectionDisposition' });
registerEnumType(ConcentrationRoute, {
  name: 'ConcentrationRoute',
  description: 'LEACHING for magnet scrap, ADSORPTION for unused resources',
});
registerEnumType(TransferState, { name: 'TransferState' });
registerEnumType(CorrectableLotField, { name: 'CorrectableLotField' });
registerEnumType(ManifestForm, {
  name: 'ManifestForm',
  description: 'Paper manifest, or electronic (JWNET)',
});
registerEnumType(ManifestSlip, {
  name: 'ManifestSlip',
  description: 'Return slips: B2 (transport ended), D (disposal ended), E (final disposal ended)',
});
registerEnumType(ManifestReportKind, { name: 'ManifestReportKind' });

export {
  AssayMethod,
  ConcentrationRoute,
  CorrectableLotField,
  Custodian,
  DecisionKind,
  DecisionState,
  LotStatus,
  ManifestForm,
  ManifestReportKind,
  ManifestSlip,
  MaterialKind,
  MoistureBasis,
  RejectionDisposition,
  ScreeningOutcome,
  SourceCategory,
  TransferState,
};
