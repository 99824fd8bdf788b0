import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { Public } from '@rre/auth';
import { INTAKE_SERVICE_DATA_SOURCE } from './intake-service.di-tokens';
import type { DataSource } from 'typeorm';

/** Liveness says the process answers; readiness says its database answers too. */
@Controller('health')
@Public()
export class HealthController {
  constructor(@Inject(INTAKE_SERVICE_DATA_SOURCE) private readonly dataSource: DataSource) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(): Promise<{ status: 'ok'; databases: { intake: 'up' } }> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ServiceUnavailableException({
        status: 'unavailable',
        databases: { intake: `down: ${reason}` },
      });
    }
    return { status: 'ok', databases: { intake: 'up' } };
  }
}
