import { Controller, Get } from '@nestjs/common';
import { Public } from '@rre/auth';

/** Liveness: the gateway answers (each subgraph reports its own readiness). */
@Controller('health')
@Public()
export class HealthController {
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
