export { MesNotificationError, MesNotificationErrorCode } from './mes-notification-error';
export {
  MES_NOTIFICATION_KINDS,
  MesNotificationKind,
  parseMesNotificationKind,
} from './mes-notification-kind';
export {
  generateWebhookSecret,
  signWebhook,
  verifyWebhook,
  type WebhookVerification,
} from './webhook-signature';
export { parseWebhookUrl } from './webhook-url';
export { backoffMs, DEFAULT_WEBHOOK_RETRY_POLICY, type WebhookRetryPolicy } from './webhook-retry-policy';
export {
  enqueueMesNotification,
  type EnqueuedMesNotification,
  type MesNotificationInput,
} from './enqueue-mes-notification';
export {
  type AttemptResult,
  MesNotificationDispatcher,
  type MesNotificationDispatcherOptions,
  type NotificationClock,
  type WebhookSender,
} from './mes-notification-dispatcher';
export {
  type FailedDeliveryPage,
  type FailedMesDelivery,
  type MesWebhookRegistration,
  type MesWebhookSubscription,
  MesWebhookSubscriptions,
  type RegisterWebhookInput,
  type SubscriptionManager,
} from './mes-webhook-subscriptions';
export {
  MesNotificationAttemptEntity,
  MesNotificationDeliveryEntity,
  MesNotificationEntity,
  mesNotificationEntities,
  MesWebhookSubscriptionEntity,
} from './mes-notification.entities';
export {
  CreateMesNotificationTables1764510000060,
  mesNotificationMigrations,
} from './1764510000060-create-mes-notification-tables.migration';
export * from './graphql';
