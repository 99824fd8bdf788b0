import { CreatePeopleTables1765000000000 } from './persistence/1765000000000-create-people-tables.migration';

export const PEOPLE_SERVICE_NAME = 'people';
/** The directory's migrations (schema `people`); it publishes no events. */
export const peopleMigrations = [CreatePeopleTables1765000000000];
/** The directory is reached through SQL: no TypeORM entities. */
export const peopleEntities: never[] = [];
export {
  PeopleDirectory,
  type PeopleDirectoryOptions,
  type PersonView,
} from './application/people-directory';
export { PeopleError, PeopleErrorCode } from './domain/people-error';
export { parseErasureReason, parseProfile, type Profile, type ProfileInput } from './domain/profile';
export { PEOPLE_CLIENT_ERRORS, PeopleGraphQLError } from './graphql/people-error.filter';
export { PeopleModule } from './people.module';
