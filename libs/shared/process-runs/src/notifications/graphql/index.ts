export { MesNotificationErrorFilter } from './mes-notification-error.filter';
export {
  createMesNotificationResolver,
  MES_WEBHOOK_MANAGERS,
  type MesNotificationBackend,
  type MesNotificationResolverOptions,
} from './mes-notification.resolver';
