import { type DynamicModule, Module } from '@nestjs/common';
import { PeopleDirectory, type PeopleDirectoryOptions } from './application/people-directory';
import { PeopleResolver } from './graphql/people.resolver';
import { PEOPLE_DIRECTORY } from './people.di-tokens';

/** The people directory's GraphQL API (myProfile, updateMyProfile, person, erasePerson). */
@Module({})
export class PeopleModule {
  static forRoot(options: PeopleDirectoryOptions): DynamicModule {
    return {
      module: PeopleModule,
      providers: [{ provide: PEOPLE_DIRECTORY, useValue: new PeopleDirectory(options) }, PeopleResolver],
      exports: [PEOPLE_DIRECTORY],
    };
  }
}
