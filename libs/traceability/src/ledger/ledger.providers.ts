import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit, type Provider } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { LedgerApplication, type LedgerSettings } from './ledger-application';
import { LEDGER_APPLICATION } from './ledger.di-token';
import { LedgerPublicKeyController, LedgerResolver } from './ledger.resolver';

/** The ledger's settings in the module: how it signs, and how often the checkpointer looks (ms; 0 never). */
export interface LedgerModuleSettings extends LedgerSettings {
  readonly checkpointPollMs?: number;
}

const CHECKPOINT_POLL_MS = Symbol('LEDGER_CHECKPOINT_POLL_MS');

/** Makes the periodic checkpoints while the module runs. */
@Injectable()
class LedgerCheckpointer implements OnModuleInit, OnModuleDestroy {
  private stop?: () => Promise<void>;

  constructor(
    @Inject(LEDGER_APPLICATION) private readonly ledger: LedgerApplication,
    @Inject(CHECKPOINT_POLL_MS) private readonly pollMs: number,
  ) {}

  onModuleInit(): void {
    if (this.pollMs > 0) this.stop = this.ledger.startCheckpoints(this.pollMs);
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop?.();
  }
}

export function ledgerProviders(options: {
  dataSource: DataSource;
  clock?: () => Date;
  ledger?: LedgerModuleSettings;
}): { providers: Provider[]; controllers: (new (...args: never[]) => unknown)[] } {
  return {
    providers: [
      {
        provide: LEDGER_APPLICATION,
        useValue: new LedgerApplication(options.dataSource, options.ledger, options.clock),
      },
      { provide: CHECKPOINT_POLL_MS, useValue: options.ledger?.checkpointPollMs ?? 5000 },
      LedgerCheckpointer,
      LedgerResolver,
    ],
    controllers: [LedgerPublicKeyController],
  };
}
