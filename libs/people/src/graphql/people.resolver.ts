import { Inject, UseFilters } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, type Principal, ROLES, Roles, type Role } from '@rre/auth';
import type { PeopleDirectory, PersonView } from '../application/people-directory';
import { PeopleError } from '../domain/people-error';
import { PEOPLE_DIRECTORY } from '../people.di-tokens';
import { PeopleErrorFilter } from './people-error.filter';
import {
  ErasePersonPayloadModel,
  PersonModel,
  PersonPayloadModel,
  UpdateMyProfileInput,
} from './people.models';

const IDEMPOTENCY_KEY = {
  type: () => String,
  nullable: true,
  description:
    'Client-chosen key (e.g. a UUID) kept 24 h per client: the same key with the same input returns the first result; with other input it is refused (IDEMPOTENCY_KEY_REUSED)',
} as const;

const EVERY_ROLE = ROLES as unknown as [Role, ...Role[]];

function model(view: PersonView): PersonModel {
  return { ...view, erased: view.erasedAt !== null };
}

function signedIn(principal: Principal | undefined): Principal {
  if (!principal) {
    throw new PeopleError({
      code: 'UNAUTHENTICATED',
      field: 'authorization',
      value: 'none',
      rule: 'a bearer token is required',
    });
  }
  return principal;
}

@Resolver()
@UseFilters(PeopleErrorFilter)
export class PeopleResolver {
  constructor(@Inject(PEOPLE_DIRECTORY) private readonly people: PeopleDirectory) {}

  @Query(() => PersonModel, {
    nullable: true,
    description: 'Your own directory entry (null before you set a profile) (every role)',
  })
  @Roles(...EVERY_ROLE)
  async myProfile(@CurrentPrincipal() principal: Principal | undefined): Promise<PersonModel | null> {
    const view = await this.people.myProfile(signedIn(principal));
    return view && model(view);
  }

  @Mutation(() => PersonPayloadModel, {
    description: 'Set your own name and contact details (every role but auditor: auditors never write)',
  })
  @Roles(...EVERY_ROLE)
  async updateMyProfile(
    @CurrentPrincipal() principal: Principal | undefined,
    @Args('input') input: UpdateMyProfileInput,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string | null,
  ): Promise<PersonPayloadModel> {
    const outcome = await this.people.updateMyProfile(
      signedIn(principal),
      {
        displayName: input.displayName,
        ...(input.email != null ? { email: input.email } : {}),
        ...(input.phone != null ? { phone: input.phone } : {}),
      },
      idempotencyKey ?? undefined,
    );
    return { person: model(outcome.person), replayed: outcome.replayed };
  }

  @Query(() => PersonModel, {
    description:
      "A person's directory entry (admin: everything; auditor: name and erasure, no contact details)",
  })
  @Roles('admin', 'auditor')
  async person(
    @CurrentPrincipal() principal: Principal | undefined,
    @Args('organisationId') organisationId: string,
    @Args('subject') subject: string,
  ): Promise<PersonModel> {
    return model(await this.people.person(signedIn(principal), organisationId, subject));
  }

  @Mutation(() => ErasePersonPayloadModel, {
    description:
      "Erase a person's name and contact details (admin); the entry stays as erased, records and events keep the subject id",
  })
  @Roles('admin')
  async erasePerson(
    @CurrentPrincipal() principal: Principal | undefined,
    @Args('organisationId') organisationId: string,
    @Args('subject') subject: string,
    @Args('reason') reason: string,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string | null,
  ): Promise<ErasePersonPayloadModel> {
    const outcome = await this.people.erasePerson(
      signedIn(principal),
      { organisationId, subject, reason },
      idempotencyKey ?? undefined,
    );
    return {
      person: model(outcome.person),
      alreadyErased: outcome.alreadyErased,
      replayed: outcome.replayed,
    };
  }
}
