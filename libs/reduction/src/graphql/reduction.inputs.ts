import { Field, InputType } from '@nestjs/graphql';
import { MES_RUN_ID_DESCRIPTION, PlanRunInputFields } from '@rre/process-runs';

@InputType('ReductionElectrolysisParametersInput')
export class ElectrolysisParametersInput {
  @Field({ description: 'The electrolysis cell, e.g. EC-3' })
  cell!: string;
  @Field({ description: 'The molten salt as formulas joined by hyphens, e.g. LiCl-KCl' })
  electrolyte!: string;
  @Field({ description: 'Metal of the liquid-alloy cathode: Zn, Sn, Bi, Cu, Ni, Mg, Al, Ga, Cd or Pb' })
  cathodeAlloy!: string;
  @Field({ description: 'The anode, e.g. graphite' })
  anode!: string;
  @Field({
    description: 'Decimal string, °C; outside the process window only with temperatureOverrideReason',
  })
  operatingTemperatureCelsius!: string;
  @Field({ description: 'Tb or Dy' })
  targetElement!: string;
  @Field({ nullable: true, description: 'Why a temperature outside the process window is run' })
  temperatureOverrideReason?: string;
  @Field({ nullable: true, description: 'Instrument tag of the CURRENT series (default: the only one)' })
  currentTag?: string;
  @Field({ nullable: true, description: 'Instrument tag of the VOLTAGE series (default: the only one)' })
  voltageTag?: string;
  @Field({ nullable: true, description: 'Heating power of this cell, kW (default: the configured one)' })
  heatingPowerKw?: string;
}

@InputType('ReductionDistillationParametersInput')
export class DistillationParametersInput {
  @Field({ description: 'Decimal string, °C; outside the window only with temperatureOverrideReason' })
  temperatureCelsius!: string;
  @Field({ description: 'Decimal string, Pa (above 0, at most 101325)' })
  pressurePa!: string;
  @Field({ description: 'Decimal string, h' })
  durationHours!: string;
  @Field({ description: 'Tb or Dy' })
  targetElement!: string;
  @Field({ nullable: true })
  temperatureOverrideReason?: string;
}

@InputType('ReductionPlanElectrolysisInput')
export class PlanElectrolysisInput extends PlanRunInputFields(
  "The MES's own batch id: planning it again returns the same run",
) {
  @Field(() => ElectrolysisParametersInput)
  electrolysis!: ElectrolysisParametersInput;
}

@InputType('ReductionPlanDistillationInput')
export class PlanDistillationInput extends PlanRunInputFields(MES_RUN_ID_DESCRIPTION) {
  @Field(() => DistillationParametersInput)
  distillation!: DistillationParametersInput;
}
