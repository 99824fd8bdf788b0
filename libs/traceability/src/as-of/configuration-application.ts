import { hasRole, type Principal } from '@rre/auth';
import { inTransaction } from '@rre/persistence';
import type { DataSource } from 'typeorm';
import { TraceabilityError } from '../domain/traceability-error';
import { ConfigurationStore } from './configuration.store';
import {
  type ConfigurationChange,
  type ConfigurationVersion,
  changedSettings,
} from './traceability-configuration';

/** The configuration's versions, and changing it (admins only): each change is a new version with who, when and why. */
export class ConfigurationApplication {
  private readonly store = new ConfigurationStore();

  constructor(private readonly options: { readonly dataSource: DataSource; readonly clock?: () => Date }) {}

  async versions(): Promise<ConfigurationVersion[]> {
    return this.store.all(this.options.dataSource);
  }

  async inForce(): Promise<ConfigurationVersion> {
    return this.store.inForce(this.options.dataSource);
  }

  async change(principal: Principal, change: ConfigurationChange): Promise<ConfigurationVersion> {
    if (!hasRole(principal, 'admin')) {
      throw new TraceabilityError({
        code: 'FORBIDDEN',
        field: 'caller',
        value: principal.roles.join(','),
        rule: 'only an admin may change the traceability configuration',
      });
    }
    return inTransaction(this.options.dataSource, async (manager) => {
      await this.store.lock(manager);
      const settings = changedSettings(await this.store.inForce(manager), change);
      return this.store.append(manager, settings, {
        subjectId: principal.subject,
        organisationId: principal.organisationId,
        at: (this.options.clock ?? (() => new Date()))(),
        reason: change.reason.trim(),
      });
    });
  }
}
