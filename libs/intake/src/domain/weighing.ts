import type { Mass } from '@rre/quantities';
import { IntakeError } from './intake-error';
import { measuredMass, type QuantityInput } from './intake-quantities';

/** What a weighbridge ticket states. Net is optional: when given it must equal gross - tare. */
export interface WeighingInput {
  readonly ticketNumber: string;
  readonly vehicle: string;
  readonly scale: string;
  readonly gross: QuantityInput;
  readonly tare: QuantityInput;
  readonly net?: QuantityInput;
}

/** The plant's weighbridge weighing of a delivery: net = gross - tare, 0 < net <= gross. */
export class Weighing {
  private constructor(
    readonly ticketNumber: string,
    readonly vehicle: string,
    readonly scale: string,
    readonly gross: Mass,
    readonly tare: Mass,
    readonly net: Mass,
  ) {}

  static of(input: WeighingInput, field = 'weighing'): Weighing {
    const ticketNumber = requiredText(input.ticketNumber, `${field}.ticketNumber`);
    const vehicle = requiredText(input.vehicle, `${field}.vehicle`);
    const scale = requiredText(input.scale, `${field}.scale`);
    const gross = measuredMass(input.gross, `${field}.grossMass`);
    const tare = measuredMass(input.tare, `${field}.tareMass`, { allowZero: true });
    return Weighing.fromMasses({ ticketNumber, vehicle, scale }, gross, tare, input.net, field);
  }

  /** The same ticket with other gross and tare figures (a correction), checked by the same rules. */
  withMasses(gross: Mass, tare: Mass, field = 'weighing'): Weighing {
    return Weighing.fromMasses(this, gross, tare, undefined, field);
  }

  private static fromMasses(
    ticket: { ticketNumber: string; vehicle: string; scale: string },
    gross: Mass,
    tare: Mass,
    statedNet: QuantityInput | undefined,
    field: string,
  ): Weighing {
    if (!tare.isLessThan(gross)) {
      throw new IntakeError({
        code: 'INVALID_MASS',
        field: `${field}.tareMass`,
        value: tare.toString(),
        rule: `must be less than the gross mass ${gross.toString()}: the net mass must be greater than zero`,
      });
    }
    const net = gross.minus(tare).toMass(`${field}.netMass`).to(gross.unit);
    if (statedNet !== undefined) {
      const stated = measuredMass(statedNet, `${field}.netMass`);
      if (stated.isGreaterThan(gross)) {
        throw new IntakeError({
          code: 'NET_ABOVE_GROSS',
          field: `${field}.netMass`,
          value: stated.toString(),
          rule: `must not exceed the gross mass ${gross.toString()}`,
        });
      }
      if (!stated.equals(net)) {
        throw new IntakeError({
          code: 'WEIGHING_INCONSISTENT',
          field: `${field}.netMass`,
          value: stated.toString(),
          rule: `must equal gross - tare = ${gross.toString()} - ${tare.toString()} = ${net.toString()}`,
        });
      }
    }
    return new Weighing(ticket.ticketNumber, ticket.vehicle, ticket.scale, gross, tare, net);
  }
}

export function requiredText(value: string, field: string, maxLength = 200): string {
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > maxLength) {
    throw new IntakeError({
      code: 'INVALID_INPUT',
      field,
      value: JSON.stringify(value),
      rule: `must be between 1 and ${maxLength} characters (not only spaces)`,
    });
  }
  return trimmed;
}
