import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A lot's registration (never updated) and its lifecycle columns (status, custodian, current assay). */
@Entity({ name: 'lot' })
export class LotEntity {
  @PrimaryColumn({ type: 'char', length: 26 })
  id!: string;

  @Column({ type: 'varchar', length: 32 })
  code!: string;

  @Column({ name: 'gs1_identifier', type: 'text' })
  gs1Identifier!: string;

  @Column({ name: 'organisation_id', type: 'text' })
  organisationId!: string;

  @Column({ name: 'supplier_site_id', type: 'text' })
  supplierSiteId!: string;

  @Column({ name: 'material_kind', type: 'text' })
  materialKind!: string;

  @Column({ name: 'source_category', type: 'text' })
  sourceCategory!: string;

  @Column({ name: 'source_evidence_ref', type: 'text' })
  sourceEvidenceRef!: string;

  @Column({ name: 'country_of_origin', type: 'char', length: 2 })
  countryOfOrigin!: string;

  @Column({ name: 'declared_mass_kg', type: 'numeric', precision: 24, scale: 6 })
  declaredMassKg!: string;

  @Column({ name: 'weighbridge_ticket', type: 'text' })
  weighbridgeTicket!: string;

  @Column({ type: 'text' })
  vehicle!: string;

  @Column({ type: 'text' })
  scale!: string;

  @Column({ name: 'gross_mass_kg', type: 'numeric', precision: 24, scale: 6 })
  grossMassKg!: string;

  @Column({ name: 'tare_mass_kg', type: 'numeric', precision: 24, scale: 6 })
  tareMassKg!: string;

  @Column({ name: 'net_mass_kg', type: 'numeric', precision: 24, scale: 6 })
  netMassKg!: string;

  @Column({ name: 'moisture_value', type: 'numeric', nullable: true })
  moistureValue!: string | null;

  @Column({ name: 'moisture_unit', type: 'text', nullable: true })
  moistureUnit!: string | null;

  @Column({ type: 'jsonb' })
  containers!: { kind: string; count: number }[];

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  /** `[{ element, value, unit, uncertainty? }]` with decimal strings, in the order given. */
  @Column({ name: 'declared_composition', type: 'jsonb', nullable: true })
  declaredComposition!: StoredElementContent[] | null;

  @Column({ name: 'declared_composition_basis', type: 'text' })
  declaredCompositionBasis!: string;

  @Column({ name: 'external_ref', type: 'text', nullable: true })
  externalRef!: string | null;

  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt!: Date;

  @Column({ name: 'registered_by_subject', type: 'text' })
  registeredBySubject!: string;

  @Column({ name: 'registered_by_organisation', type: 'text' })
  registeredByOrganisation!: string;

  /** Id of the `rre.intake.lot.registered.v1` event, which corrections point at. */
  @Column({ name: 'registered_event_id', type: 'text', nullable: true })
  registeredEventId!: string | null;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'text' })
  custodian!: string;

  @Column({ name: 'current_assay_id', type: 'char', length: 26, nullable: true })
  currentAssayId!: string | null;

  @Column({ name: 'current_assay_reason', type: 'text', nullable: true })
  currentAssayReason!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

export interface StoredElementContent {
  element: string;
  value: string;
  unit: string;
  uncertainty?: string;
}
