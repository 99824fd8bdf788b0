import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit, type Provider } from '@nestjs/common';
import {
  createMesNotificationResolver,
  createProcessMeasurementResolver,
  MesNotificationDispatcher,
  type MesNotificationBackend,
  type ProcessMeasurementBackend,
} from '@rre/process-runs';
import type { ConcentrationApplication } from './concentration-application';

const MEASUREMENTS_BACKEND = Symbol('CONCENTRATION_MEASUREMENTS_BACKEND');
const WEBHOOKS_BACKEND = Symbol('CONCENTRATION_WEBHOOKS_BACKEND');
const DISPATCHER = Symbol('CONCENTRATION_MES_DISPATCHER');

/** Sends the queued MES webhooks while the module runs. */
@Injectable()
class MesNotificationDispatching implements OnModuleInit, OnModuleDestroy {
  constructor(@Inject(DISPATCHER) private readonly dispatcher: MesNotificationDispatcher) {}
  onModuleInit(): void {
    this.dispatcher.start();
  }
  async onModuleDestroy(): Promise<void> {
    await this.dispatcher.stop();
  }
}

/**
 * The MES side of the run library in concentration's subgraph: process measurements
 * (`recordConcentrationMeasurements`, `concentrationMeasurementSeries`, ...) and webhooks
 * (`registerConcentrationMesWebhook`, ...), with the dispatcher that delivers them.
 */
export function mesIntegrationProviders(application: ConcentrationApplication): Provider[] {
  const measurements: ProcessMeasurementBackend = {
    dataSource: application.dataSource,
    measurements: application.measurements,
  };
  const webhooks: MesNotificationBackend = {
    dataSource: application.dataSource,
    subscriptions: application.webhooks,
  };
  return [
    { provide: MEASUREMENTS_BACKEND, useValue: measurements },
    createProcessMeasurementResolver({ prefix: 'Concentration', backend: MEASUREMENTS_BACKEND }),
    { provide: WEBHOOKS_BACKEND, useValue: webhooks },
    createMesNotificationResolver({ prefix: 'Concentration', backend: WEBHOOKS_BACKEND }),
    { provide: DISPATCHER, useValue: new MesNotificationDispatcher({ dataSource: application.dataSource }) },
    MesNotificationDispatching,
  ];
}
