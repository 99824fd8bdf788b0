import { MesNotificationError, MesNotificationErrorCode } from './mes-notification-error';

/** What an MES can subscribe to: a closed list of Standard Webhooks `type` names. */
export const MesNotificationKind = {
  /** A lot was accepted into this service's custody. */
  LOT_CUSTODY_ENTERED: 'lot.custody.entered',
  /** A lot in this service's custody changed state (taken from, used up, held, ...). */
  LOT_STATE_CHANGED: 'lot.state.changed',
  /** A lot left this service's custody (handed over to the next service). */
  LOT_HANDED_OVER: 'lot.handed-over',
  /** A run changed state (started, held, completed, aborted, corrected). */
  RUN_STATE_CHANGED: 'run.state.changed',
} as const;
export type MesNotificationKind = (typeof MesNotificationKind)[keyof typeof MesNotificationKind];

export const MES_NOTIFICATION_KINDS = Object.values(MesNotificationKind) as MesNotificationKind[];

export function parseMesNotificationKind(value: unknown, field: string): MesNotificationKind {
  if (typeof value === 'string' && (MES_NOTIFICATION_KINDS as string[]).includes(value)) {
    return value as MesNotificationKind;
  }
  throw MesNotificationError.of(
    MesNotificationErrorCode.UNKNOWN_NOTIFICATION_KIND,
    field,
    value,
    `must be one of the notification kinds ${MES_NOTIFICATION_KINDS.join(', ')}`,
  );
}
