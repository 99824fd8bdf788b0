import { create } from '@bufbuild/protobuf';
import { commonV1, type intakeV1 } from '@rre/contracts';
import { UnprocessableEventError } from '@rre/messaging';
import type { EntityManager } from 'typeorm';
import type { SourceCategory } from '../domain/genealogy';
import type { GenealogyStore } from '../persistence/genealogy.store';
import { massKgOf } from './event-values';

const SOURCE_CATEGORIES: readonly SourceCategory[] = ['POST_CONSUMER', 'PRE_CONSUMER', 'PRIMARY'];

/**
 * Intake's correction of a registered fact (`LotCorrected`): the source category, the country of
 * origin, the material kind or the weighed net mass replace the registered ones, so every trace,
 * statement and restatement reads the corrected lot. The gate applies it after the registration.
 * Declared mass, moisture and supplier site do not enter the genealogy (the weighed mass is the
 * lot's mass), so their corrections change nothing here.
 */
export async function applyLotCorrected(
  genealogy: GenealogyStore,
  manager: EntityManager,
  corrected: intakeV1.LotCorrected,
  subject: string,
  at: Date,
): Promise<void> {
  const lotId = corrected.lot?.lotId || subject;
  const refused = (rule: string) =>
    new UnprocessableEventError(
      `LotCorrected of lot ${lotId}: field ${corrected.field}, value ${JSON.stringify(corrected.newValue)} ${rule}`,
    );
  switch (corrected.field) {
    case 'source_category': {
      const category = corrected.newValue.replace(/^SOURCE_CATEGORY_/, '') as SourceCategory;
      if (!SOURCE_CATEGORIES.includes(category))
        throw refused(`must be one of ${SOURCE_CATEGORIES.join(', ')}`);
      await genealogy.noteLot(manager, lotId, 'intake', at, { sourceCategory: category });
      return;
    }
    case 'country_of_origin':
      if (!/^[A-Z]{2}$/.test(corrected.newValue)) throw refused('must be an ISO 3166-1 alpha-2 code');
      await genealogy.noteLot(manager, lotId, 'intake', at, { countryOfOrigin: corrected.newValue });
      return;
    case 'material_kind':
      await genealogy.noteLot(manager, lotId, 'intake', at, {
        materialKind: corrected.newValue.replace(/^MATERIAL_KIND_/, ''),
      });
      return;
    case 'weighed_net_mass': {
      let massKg: string | undefined;
      try {
        massKg = massKgOf(create(commonV1.MassSchema, JSON.parse(corrected.newValue)), 'new_value');
      } catch {
        throw refused('must be a mass as proto3 JSON ({"value", "unitCode"})');
      }
      if (massKg === undefined) throw refused('must state a mass');
      await genealogy.setRegisteredMass(manager, lotId, massKg);
      return;
    }
    default:
      return;
  }
}
