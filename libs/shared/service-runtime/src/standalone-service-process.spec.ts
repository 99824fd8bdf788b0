import type { RunningStandaloneService } from './start-standalone-service';
import { standaloneServiceBanner } from './standalone-service-process';

describe('standaloneServiceBanner', () => {
  it('names the database with its schema, the event log and the URLs', () => {
    const service = {
      url: 'http://127.0.0.1:3005',
      database: 'postgres://postgres:***@db:5432/rre',
      schema: 'sales',
      eventLog: 'embedded outbox log',
    } as RunningStandaloneService;
    expect(standaloneServiceBanner('Sales service (distributed mode)', service)).toEqual([
      'Sales service (distributed mode)',
      '  database:  postgres://postgres:***@db:5432/rre (schema sales)',
      '  events:    embedded outbox log',
      '  GraphQL:   http://127.0.0.1:3005/graphql',
      '  health:    http://127.0.0.1:3005/health/live  http://127.0.0.1:3005/health/ready',
    ]);
  });
});
