import { Field, InputType } from '@nestjs/graphql';

/** What the MES's own run id of a plan-a-run input does, as most services describe it. */
export const MES_RUN_ID_DESCRIPTION = "The MES's own run id: planning it again returns the same run";

/**
 * The fields a service's plan-a-run input starts with: the MES's own run id (described by
 * `externalIdDescription`), the equipment and the work order. The input adds its parameters:
 * `class PlanLeachingRunInput extends PlanRunInputFields(MES_RUN_ID_DESCRIPTION) { ... }`.
 */
export function PlanRunInputFields(externalIdDescription?: string) {
  @InputType({ isAbstract: true })
  abstract class PlanRunInput {
    @Field({ nullable: true, description: externalIdDescription })
    externalId?: string;
    @Field()
    equipmentId!: string;
    @Field()
    workOrder!: string;
  }
  return PlanRunInput;
}
