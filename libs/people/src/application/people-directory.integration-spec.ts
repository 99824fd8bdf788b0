import type { Principal } from '@rre/auth';
import {
  openServiceDatabase,
  openTestDatabase,
  serviceSchema,
  type TestDatabase,
  uniqueSchemaName,
} from '@rre/persistence';
import type { DataSource } from 'typeorm';
import { peopleMigrations } from '../index';
import { PeopleDirectory } from './people-directory';

const hanako: Principal = {
  subject: 'usr-hanako',
  organisationId: 'org-recycler-a',
  roles: ['recycler'],
  clientKind: 'user',
  tokenId: undefined,
};
const admin: Principal = {
  subject: 'usr-admin',
  organisationId: 'org-plant',
  roles: ['admin'],
  clientKind: 'user',
  tokenId: undefined,
};

describe(`the people directory on ${process.env.TEST_DATABASE ?? 'PostgreSQL'}`, () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let people: PeopleDirectory;
  const rows = () =>
    dataSource.query(
      `SELECT subject, display_name, email, phone, erased_at IS NOT NULL AS erased FROM "${serviceSchema(dataSource)}".person ORDER BY subject`,
    ) as Promise<unknown[]>;
  const keys = () =>
    dataSource.query(
      `SELECT client_subject, key, operation FROM "${serviceSchema(dataSource)}".process_idempotency_key ORDER BY key`,
    ) as Promise<unknown[]>;

  beforeAll(async () => {
    database = await openTestDatabase();
    dataSource = await openServiceDatabase({
      url: database.url,
      service: uniqueSchemaName('people'),
      poolSize: 4,
      entities: [],
      migrations: peopleMigrations,
    });
    people = new PeopleDirectory({ dataSource, clock: () => new Date('2026-03-05T09:00:00.000Z') });
  });

  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA "${serviceSchema(dataSource)}" CASCADE`);
    await dataSource.destroy();
    await database.close();
  });

  it('writes nothing for bad input, and retries with a key do nothing twice', async () => {
    await expect(
      people.updateMyProfile(hanako, { displayName: 'Hanako', email: 'hanako' }, 'k-1'),
    ).rejects.toThrow('email: got "hanako", must be an e-mail address such as name@example.com');
    expect(await rows()).toEqual([]);
    expect(await keys()).toEqual([]);

    const first = await people.updateMyProfile(hanako, { displayName: 'Hanako' }, 'k-1');
    const again = await people.updateMyProfile(hanako, { displayName: 'Hanako' }, 'k-1');
    expect(first).toEqual({ ...again, replayed: false });
    await expect(people.updateMyProfile(hanako, { displayName: 'Hana' }, 'k-1')).rejects.toThrow(
      'must not be reused for a different request',
    );

    await expect(
      people.erasePerson(
        admin,
        { organisationId: 'org-recycler-a', subject: 'usr-hanako', reason: '' },
        'e-1',
      ),
    ).rejects.toThrow('reason');
    await expect(
      people.erasePerson(
        admin,
        { organisationId: 'org-recycler-a', subject: 'usr-nobody', reason: 'r' },
        'e-1',
      ),
    ).rejects.toThrow('subject: got "org-recycler-a/usr-nobody", must be a person in the directory');
    expect(await rows()).toEqual([
      { subject: 'usr-hanako', display_name: 'Hanako', email: null, phone: null, erased: false },
    ]);
    expect(await keys()).toEqual([
      { client_subject: 'usr-hanako', key: 'k-1', operation: 'updateMyProfile' },
    ]);

    const erased = await people.erasePerson(
      admin,
      { organisationId: 'org-recycler-a', subject: 'usr-hanako', reason: 'GDPR art. 17' },
      'e-1',
    );
    expect(erased).toMatchObject({ alreadyErased: false, replayed: false });
    expect(erased.person).toEqual({
      organisationId: 'org-recycler-a',
      subject: 'usr-hanako',
      displayName: null,
      email: null,
      phone: null,
      updatedAt: '2026-03-05T09:00:00.000Z',
      erasedAt: '2026-03-05T09:00:00.000Z',
    });
    expect(await rows()).toEqual([
      { subject: 'usr-hanako', display_name: null, email: null, phone: null, erased: true },
    ]);
  });
});
