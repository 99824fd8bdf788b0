import { GraphQLISODateTime } from '@nestjs/graphql';

/** The `asOf` argument of traceability's queries. */
export const AS_OF_ARG = {
  type: () => GraphQLISODateTime,
  nullable: true,
  description:
    'Answer from the facts as recorded at or before this time (when the service learnt them, not when they happened); null: now',
} as const;
