import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { Public } from '@rre/auth';
import { PLATFORM_INFO, PlatformInfo } from './platform-info';

type DatabaseChecks = Record<string, 'up' | `down: ${string}`>;

/** Liveness says the process answers; readiness says every service database answers too. */
@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(PLATFORM_INFO) private readonly info: PlatformInfo) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(): Promise<{ status: 'ok'; databases: DatabaseChecks }> {
    const databases: DatabaseChecks = {};
    for (const [name, dataSource] of this.info.dataSources) {
      try {
        await dataSource.query('SELECT 1');
        databases[name] = 'up';
      } catch (error) {
        databases[name] = `down: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    if (Object.values(databases).some((state) => state !== 'up')) {
      throw new ServiceUnavailableException({ status: 'unavailable', databases });
    }
    return { status: 'ok', databases };
  }
}
