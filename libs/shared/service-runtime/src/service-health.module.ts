import {
  Controller,
  type DynamicModule,
  Get,
  Inject,
  Module,
  ServiceUnavailableException,
} from '@nestjs/common';
import { Public } from '@rre/auth';
import type { DataSource } from 'typeorm';

const SERVICE_HEALTH = Symbol('SERVICE_HEALTH');

export interface ServiceHealthOptions {
  dataSource: DataSource;
  /** The name readiness reports the database under, e.g. 'intake': { databases: { intake: 'up' } }. */
  database: string;
}

/** Liveness says the process answers; readiness says its database answers too. */
@Controller('health')
@Public()
export class ServiceHealthController {
  constructor(@Inject(SERVICE_HEALTH) private readonly options: ServiceHealthOptions) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(): Promise<{ status: 'ok'; databases: Record<string, 'up'> }> {
    const { dataSource, database } = this.options;
    try {
      await dataSource.query('SELECT 1');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ServiceUnavailableException({
        status: 'unavailable',
        databases: { [database]: `down: ${reason}` },
      });
    }
    return { status: 'ok', databases: { [database]: 'up' } };
  }
}

/** GET /health/live and /health/ready of a service with one database, without a token. */
@Module({})
export class ServiceHealthModule {
  static forRoot(options: ServiceHealthOptions): DynamicModule {
    return {
      module: ServiceHealthModule,
      controllers: [ServiceHealthController],
      providers: [{ provide: SERVICE_HEALTH, useValue: options }],
    };
  }
}
