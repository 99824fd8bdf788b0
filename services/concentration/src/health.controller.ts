import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { Public } from '@rre/auth';
import type { DataSource } from 'typeorm';
import { CONCENTRATION_SERVICE_DATA_SOURCE } from './concentration-service.di-tokens';

/** Liveness says the process answers; readiness says its database answers too. */
@Controller('health')
@Public()
export class HealthController {
  constructor(@Inject(CONCENTRATION_SERVICE_DATA_SOURCE) private readonly dataSource: DataSource) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(): Promise<{ status: 'ok'; databases: { concentration: 'up' } }> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ServiceUnavailableException({
        status: 'unavailable',
        databases: { concentration: `down: ${reason}` },
      });
    }
    return { status: 'ok', databases: { concentration: 'up' } };
  }
}
