/**
 * The projection's tables whose rows are kept as of each recorded time: every insert or change of
 * a row is copied, by a trigger, to `<table>_history` with the transaction's time
 * (`fact_recorded_at`) and id (`fact_tx`). Only the columns listed are copied; `changedWhen` are
 * the columns whose change makes a new history row (times of the events alone do not).
 */
export interface HistoryOfTable {
  readonly table: string;
  readonly key: readonly string[];
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly changedWhen: readonly string[];
}

const text = (name: string) => ({ name, type: 'text' });
const numeric = (name: string) => ({ name, type: 'numeric' });
const jsonb = (name: string) => ({ name, type: 'jsonb' });
const time = (name: string) => ({ name, type: 'timestamptz' });

export const FACT_HISTORIES: readonly HistoryOfTable[] = [
  {
    table: 'trace_lot',
    key: ['lot_id'],
    columns: [
      text('lot_id'),
      text('lot_code'),
      text('source_category'),
      text('supplier_organisation_id'),
      text('country_of_origin'),
      text('material_kind'),
      numeric('mass_kg'),
      jsonb('composition'),
      time('composition_at'),
      { name: 'composition_is_assay', type: 'boolean' },
      text('produced_by_run_id'),
      text('output_role'),
      text('first_service'),
      time('first_seen_at'),
      time('updated_at'),
    ],
    changedWhen: [
      'lot_code',
      'source_category',
      'supplier_organisation_id',
      'country_of_origin',
      'material_kind',
      'mass_kg',
      'composition',
      'composition_is_assay',
      'produced_by_run_id',
      'output_role',
      'first_service',
    ],
  },
  {
    table: 'trace_run',
    key: ['run_id'],
    columns: [
      text('run_id'),
      text('service'),
      text('kind'),
      text('equipment_id'),
      text('work_order'),
      text('status'),
      jsonb('balance_losses'),
      time('updated_at'),
    ],
    changedWhen: ['service', 'kind', 'equipment_id', 'work_order', 'status', 'balance_losses'],
  },
  {
    table: 'trace_movement',
    key: ['movement_id'],
    columns: [
      text('movement_id'),
      text('run_id'),
      text('lot_id'),
      text('kind'),
      numeric('mass_kg'),
      time('at'),
    ],
    changedWhen: ['run_id', 'lot_id', 'kind', 'mass_kg'],
  },
  {
    table: 'trace_loss',
    key: ['run_id', 'loss_id'],
    columns: [text('run_id'), text('loss_id'), text('element'), numeric('mass_kg')],
    changedWhen: ['element', 'mass_kg'],
  },
  {
    table: 'trace_run_emission',
    key: ['run_id'],
    columns: [text('run_id'), numeric('energy_kwh'), numeric('co2e_kg'), time('recorded_at')],
    changedWhen: ['energy_kwh', 'co2e_kg'],
  },
  {
    table: 'trace_shipment',
    key: ['shipment_id', 'lot_id'],
    columns: [
      text('shipment_id'),
      text('lot_id'),
      text('order_id'),
      text('order_line_id'),
      text('customer_organisation_id'),
      text('delivery_site_id'),
      text('delivery_site_gln'),
      numeric('net_mass_kg'),
      time('shipped_at'),
      text('product_code'),
      text('passport_id'),
      text('event_id'),
    ],
    changedWhen: ['net_mass_kg', 'customer_organisation_id', 'delivery_site_id'],
  },
  {
    table: 'trace_run_balance',
    key: ['run_id'],
    columns: [
      text('run_id'),
      time('completed_at'),
      text('basis'),
      text('coverage_factor'),
      { name: 'closes', type: 'boolean' },
      jsonb('elements'),
      text('stated_by'),
      time('stated_at'),
    ],
    changedWhen: ['completed_at', 'basis', 'coverage_factor', 'closes', 'elements', 'stated_by', 'stated_at'],
  },
  {
    table: 'trace_run_override',
    key: ['run_id'],
    columns: [
      text('run_id'),
      text('reason'),
      text('overridden_by_subject'),
      text('overridden_by_organisation'),
      text('approved_by_subject'),
      text('approved_by_organisation'),
      time('overridden_at'),
    ],
    changedWhen: ['reason', 'overridden_by_subject', 'approved_by_subject'],
  },
];

/** The tables that can be read as of a recorded time. */
export type TableWithHistory = (typeof FACT_HISTORIES)[number]['table'];
