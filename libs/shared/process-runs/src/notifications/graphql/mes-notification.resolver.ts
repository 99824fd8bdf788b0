import { Inject, type InjectionToken, type Type, UseFilters } from '@nestjs/common';
import { Args, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, type Principal, Roles } from '@rre/auth';
import { inTransaction } from '@rre/persistence';
import type { DataSource } from 'typeorm';
import { graphqlNames } from '../../measurements/graphql/graphql-prefix';
import { MES_NOTIFICATION_KINDS } from '../mes-notification-kind';
import type { MesWebhookSubscriptions, SubscriptionManager } from '../mes-webhook-subscriptions';
import { MesNotificationErrorFilter } from './mes-notification-error.filter';

/** What the host provides (under `backend`) for the MES webhook resolver. */
export interface MesNotificationBackend {
  readonly dataSource: DataSource;
  readonly subscriptions: MesWebhookSubscriptions;
}

export interface MesNotificationResolverOptions {
  /** PascalCase service prefix: `registerConcentrationMesWebhook`, `ConcentrationMesWebhook`, ... */
  readonly prefix: string;
  readonly backend: InjectionToken;
}

export const MES_WEBHOOK_MANAGERS = ['operator', 'admin'] as const;

function managerOf(principal: Principal | undefined): SubscriptionManager {
  if (!principal) throw new Error('@Roles guarantees a principal');
  return {
    subject: principal.subject,
    organisationId: principal.organisationId,
    isAdmin: principal.roles.includes('admin'),
  };
}

const resolvers = new Map<string, Type<unknown>>();

/**
 * A resolver class to register, list and remove MES webhook subscriptions and to list (and
 * redeliver) failed deliveries, with every type and root field named after `prefix`. Operators
 * manage their own organisation's webhooks, admins any organisation's.
 */
export function createMesNotificationResolver(options: MesNotificationResolverOptions): Type<unknown> {
  const known = resolvers.get(options.prefix);
  if (known) return known;
  const { type, pascal, camel } = graphqlNames(options.prefix);

  @InputType(`${type}MesWebhookInput`)
  class WebhookInput {
    @Field({ description: 'https:// URL (http:// only to localhost) that receives the POSTs' })
    url!: string;

    @Field(() => [String], { description: `Notification kinds: ${MES_NOTIFICATION_KINDS.join(', ')}` })
    kinds!: string[];

    @Field(() => String, {
      nullable: true,
      description: "Default: the caller's organisation (others: admins only)",
    })
    organisationId?: string | null;
  }

  @ObjectType(`${type}MesWebhook`)
  class WebhookModel {
    @Field(() => ID)
    id!: string;

    @Field()
    organisationId!: string;

    @Field()
    url!: string;

    @Field(() => [String])
    kinds!: string[];

    @Field()
    createdAt!: string;

    @Field()
    createdBy!: string;

    @Field(() => String, { nullable: true })
    removedAt?: string;
  }

  @ObjectType(`${type}MesWebhookRegistration`)
  class RegistrationModel {
    @Field(() => WebhookModel)
    subscription!: WebhookModel;

    @Field({
      description:
        'Signing secret (whsec_...), shown only here: verify webhook-signature = v1,base64(HMAC-SHA256(base64-decoded secret, webhook-id.webhook-timestamp.body))',
    })
    secret!: string;
  }

  @ObjectType(`${type}FailedMesDelivery`)
  class FailedDeliveryModel {
    @Field(() => ID, { description: 'The webhook-id, the same on every attempt' })
    deliveryId!: string;

    @Field(() => ID)
    subscriptionId!: string;

    @Field()
    organisationId!: string;

    @Field()
    url!: string;

    @Field()
    kind!: string;

    @Field({ description: 'The lot or run the notification is about' })
    subject!: string;

    @Field(() => Int)
    attempts!: number;

    @Field(() => String, { nullable: true })
    lastError?: string;

    @Field()
    failedAt!: string;

    @Field({ description: 'The JSON body as it was sent' })
    body!: string;
  }

  @ObjectType(`${type}FailedMesDeliveryPage`)
  class FailedDeliveryPageModel {
    @Field(() => [FailedDeliveryModel])
    deliveries!: FailedDeliveryModel[];

    @Field(() => String, { nullable: true })
    endCursor?: string;

    @Field()
    hasNextPage!: boolean;
  }

  @Resolver()
  @UseFilters(MesNotificationErrorFilter)
  @Roles(...MES_WEBHOOK_MANAGERS)
  class MesNotificationResolver {
    constructor(@Inject(options.backend) private readonly backend: MesNotificationBackend) {}

    @Mutation(() => RegistrationModel, {
      name: `register${pascal}MesWebhook`,
      description:
        'Subscribe a URL to notification kinds; the answer holds the signing secret, shown once (operator, admin)',
    })
    async register(
      @Args('input', { type: () => WebhookInput }) input: WebhookInput,
      @CurrentPrincipal() principal: Principal | undefined,
      @Args('idempotencyKey', {
        type: () => String,
        nullable: true,
        description: 'A retry with the same key returns the first registration',
      })
      idempotencyKey?: string | null,
    ) {
      return inTransaction(this.backend.dataSource, (manager) =>
        this.backend.subscriptions.register(
          manager,
          {
            url: input.url,
            kinds: input.kinds,
            organisationId: input.organisationId ?? undefined,
            idempotencyKey: idempotencyKey ?? undefined,
          },
          managerOf(principal),
        ),
      );
    }

    @Query(() => [WebhookModel], {
      name: `${camel}MesWebhooks`,
      description:
        "Active webhook subscriptions: the caller's organisation's (admins: the given one, or all)",
    })
    async list(
      @CurrentPrincipal() principal: Principal | undefined,
      @Args('organisationId', { type: () => String, nullable: true }) organisationId?: string | null,
    ) {
      return inTransaction(this.backend.dataSource, (manager) =>
        this.backend.subscriptions.list(manager, managerOf(principal), organisationId ?? undefined),
      );
    }

    @Mutation(() => WebhookModel, {
      name: `remove${pascal}MesWebhook`,
      description:
        'Remove a subscription (its pending deliveries are cancelled); removing it again changes nothing',
    })
    async remove(
      @Args('id', { type: () => ID }) id: string,
      @CurrentPrincipal() principal: Principal | undefined,
    ) {
      return inTransaction(this.backend.dataSource, (manager) =>
        this.backend.subscriptions.remove(manager, id, managerOf(principal)),
      );
    }

    @Query(() => FailedDeliveryPageModel, {
      name: `${camel}FailedMesDeliveries`,
      description: "Deliveries that used up their attempts, newest first (operators: their organisation's)",
    })
    async failed(
      @CurrentPrincipal() principal: Principal | undefined,
      @Args('first', { type: () => Int, nullable: true, description: '1 to 500, default 50' })
      first?: number | null,
      @Args('after', { type: () => String, nullable: true }) after?: string | null,
    ) {
      return inTransaction(this.backend.dataSource, (manager) =>
        this.backend.subscriptions.failedDeliveries(manager, managerOf(principal), {
          first: first ?? undefined,
          after: after ?? undefined,
        }),
      );
    }

    @Mutation(() => Boolean, {
      name: `redeliver${pascal}MesNotification`,
      description: 'Put a failed delivery back in line with a fresh set of attempts (same webhook-id)',
    })
    async redeliver(
      @Args('deliveryId', { type: () => ID }) deliveryId: string,
      @CurrentPrincipal() principal: Principal | undefined,
    ) {
      await inTransaction(this.backend.dataSource, (manager) =>
        this.backend.subscriptions.redeliver(manager, deliveryId, managerOf(principal)),
      );
      return true;
    }
  }

  Object.defineProperty(MesNotificationResolver, 'name', { value: `${type}MesNotificationResolver` });
  resolvers.set(options.prefix, MesNotificationResolver);
  return MesNotificationResolver;
}
