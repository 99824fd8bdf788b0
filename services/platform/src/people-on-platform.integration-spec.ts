import { seedPgliteDataDir } from '@rre/persistence';
import { loadOrCreateSigningKey, mintToken } from '@rre/auth';
import { IntakeEventTypes } from '@rre/contracts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ulid } from 'ulid';
import { startPlatform, RunningPlatform } from './bootstrap';
import { loadPlatformConfig } from './platform-config';
import { scratchDatabase, type ScratchDatabase } from './test-support/scratch-database';

jest.setTimeout(120_000);

const onPglite = process.env.TEST_DATABASE === 'pglite';
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rre_test';

// PostgreSQL keeps the platform's data between runs: every run's people are new.
const HANAKO = `usr-recycler-${ulid().toLowerCase()}`;

const PERSON = `{ organisationId subject displayName email phone erased erasedAt }`;

const REGISTER_LOT = `
  mutation ($input: RegisterLotInput!) {
    registerLot(input: $input) { lot { id } }
  }
`;
const LOT_INPUT = {
  supplierSiteId: 'site-1',
  materialKind: 'WIND_GENERATOR_MAGNET',
  sourceCategory: 'POST_CONSUMER',
  sourceEvidenceRef: 'doc-1',
  countryOfOrigin: 'JP',
  declaredMass: { value: '1500', unit: 'KGM' },
  weighing: {
    ticketNumber: 'T-41',
    vehicle: 'truck',
    scale: 'weighbridge-1',
    gross: { value: '14.5', unit: 'TNE' },
    tare: { value: '13', unit: 'TNE' },
  },
  receivedAt: '2026-03-02T08:00:00.000Z',
};

describe(`the people directory on the platform (${onPglite ? 'embedded PGlite' : 'PostgreSQL'})`, () => {
  let dataDir: string;
  // PostgreSQL: a database of its own, so that the platform's fixed schemas are not shared with
  // other tests running on rre_test at the same time.
  let database: ScratchDatabase | undefined;
  let platform: RunningPlatform;
  let tokens: { recycler: string; otherRecycler: string; auditor: string; admin: string };

  async function graphql(token: string, query: string, variables: Record<string, unknown> = {}) {
    const response = await fetch(`${platform.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: any[] };
  }

  const updateMyProfile = (token: string, input: Record<string, unknown>, idempotencyKey?: string) =>
    graphql(
      token,
      `mutation ($input: UpdateMyProfileInput!, $key: String) {
        updateMyProfile(input: $input, idempotencyKey: $key) { replayed person ${PERSON} }
      }`,
      { input, key: idempotencyKey },
    );
  const erasePerson = (token: string, subject: string, reason: string, idempotencyKey?: string) =>
    graphql(
      token,
      `mutation ($subject: String!, $reason: String!, $key: String) {
        erasePerson(organisationId: "org-recycler-a", subject: $subject, reason: $reason, idempotencyKey: $key) {
          alreadyErased replayed person ${PERSON}
        }
      }`,
      { subject, reason, key: idempotencyKey },
    );
  const person = (token: string, organisationId: string, subject: string) =>
    graphql(token, `query ($o: String!, $s: String!) { person(organisationId: $o, subject: $s) ${PERSON} }`, {
      o: organisationId,
      s: subject,
    });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'rre-platform-people-'));
    if (onPglite) await seedPgliteDataDir(dataDir); // an empty cluster: skips PGlite's initdb
    if (!onPglite) database = await scratchDatabase(serverUrl);
    platform = await startPlatform(
      loadPlatformConfig(
        database === undefined
          ? { PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }
          : { PORT: '0', DATABASE_URL: database.url, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      ),
    );
    const key = await loadOrCreateSigningKey(path.join(dataDir, 'keys'));
    tokens = {
      recycler: await mintToken(key, {
        subject: HANAKO,
        organisationId: 'org-recycler-a',
        roles: ['recycler'],
      }),
      otherRecycler: await mintToken(key, {
        subject: 'usr-recycler-b1',
        organisationId: 'org-recycler-b',
        roles: ['recycler'],
      }),
      auditor: await mintToken(key, {
        subject: 'usr-auditor-1',
        organisationId: 'org-audit',
        roles: ['auditor'],
      }),
      admin: await mintToken(key, { subject: 'usr-admin-1', organisationId: 'org-plant', roles: ['admin'] }),
    };
  });

  afterAll(async () => {
    await platform?.stop();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("erases a person's name and contact details while their lot and its events keep the subject id", async () => {
    expect((await graphql(tokens.recycler, `{ myProfile ${PERSON} }`)).data).toEqual({ myProfile: null });

    const profile = {
      displayName: '  Hanako Yamada ',
      email: 'Hanako.Yamada@Example.jp',
      phone: '+81 3 1234 5678',
    };
    const set = await updateMyProfile(tokens.recycler, profile, 'profile-1');
    expect(set.errors).toBeUndefined();
    const hanako = {
      organisationId: 'org-recycler-a',
      subject: HANAKO,
      displayName: 'Hanako Yamada',
      email: 'hanako.yamada@example.jp',
      phone: '+81 3 1234 5678',
      erased: false,
      erasedAt: null,
    };
    expect(set.data.updateMyProfile).toEqual({ replayed: false, person: hanako });
    const retried = await updateMyProfile(tokens.recycler, profile, 'profile-1');
    expect(retried.data.updateMyProfile).toEqual({ replayed: true, person: hanako });

    const refused = await updateMyProfile(tokens.recycler, { displayName: 'H. Y.', email: 'not-an-address' });
    expect(refused.errors?.[0].extensions).toEqual({
      code: 'INVALID_INPUT',
      field: 'email',
      value: '"not-an-address"',
      rule: 'must be an e-mail address such as name@example.com',
      retryable: false,
    });
    expect((await graphql(tokens.recycler, `{ myProfile ${PERSON} }`)).data.myProfile).toEqual(hanako);

    const registered = await graphql(tokens.recycler, REGISTER_LOT, { input: LOT_INPUT });
    expect(registered.errors).toBeUndefined();
    const lotId: string = registered.data.registerLot.lot.id;
    const intake = platform.info.dataSources.get('intake');
    if (!intake) throw new Error('the platform runs intake');
    const recordedActor = () =>
      intake.query(`SELECT registered_by_subject, registered_by_organisation FROM intake.lot WHERE id = $1`, [
        lotId,
      ]) as Promise<unknown[]>;
    const eventActors = () =>
      intake.query(
        `SELECT type, attributes->>'actorsub' AS sub, attributes->>'actororg' AS org
           FROM intake.outbox WHERE key = $1 ORDER BY id`,
        [lotId],
      ) as Promise<unknown[]>;
    const lotBefore = await recordedActor();
    const eventsBefore = await eventActors();
    expect(lotBefore).toEqual([
      { registered_by_subject: HANAKO, registered_by_organisation: 'org-recycler-a' },
    ]);
    expect(eventsBefore).toEqual([
      { type: IntakeEventTypes.LotRegistered, sub: HANAKO, org: 'org-recycler-a' },
    ]);

    // Auditors read names but not contact details, and never erase.
    expect((await person(tokens.auditor, 'org-recycler-a', HANAKO)).data.person).toEqual({
      ...hanako,
      email: null,
      phone: null,
    });
    const auditorErases = await erasePerson(tokens.auditor, HANAKO, 'request of 2026-03-05');
    expect(auditorErases.errors?.[0].extensions.code).toBe('FORBIDDEN');

    const noReason = await erasePerson(tokens.admin, HANAKO, '   ');
    expect(noReason.errors?.[0].extensions).toEqual({
      code: 'INVALID_INPUT',
      field: 'reason',
      value: '"   "',
      rule: 'must be 1 to 500 characters (not only spaces)',
      retryable: false,
    });
    const unknown = await erasePerson(tokens.admin, 'usr-nobody', 'request of 2026-03-05');
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'UNKNOWN_PERSON', field: 'subject' });
    expect((await person(tokens.admin, 'org-recycler-a', HANAKO)).data.person).toEqual(hanako);

    const erased = await erasePerson(tokens.admin, HANAKO, 'APPI request of 2026-03-05', `erase-1-${HANAKO}`);
    expect(erased.errors).toBeUndefined();
    const erasedEntry = {
      organisationId: 'org-recycler-a',
      subject: HANAKO,
      displayName: null,
      email: null,
      phone: null,
      erased: true,
    };
    expect(erased.data.erasePerson).toMatchObject({
      alreadyErased: false,
      replayed: false,
      person: erasedEntry,
    });
    const erasedAt: string = erased.data.erasePerson.person.erasedAt;
    expect(new Date(erasedAt).toISOString()).toBe(erasedAt);
    expect(
      (await erasePerson(tokens.admin, HANAKO, 'APPI request of 2026-03-05', `erase-1-${HANAKO}`)).data,
    ).toEqual({
      erasePerson: { ...erased.data.erasePerson, replayed: true },
    });
    expect(
      (await erasePerson(tokens.admin, HANAKO, 'asked again', `erase-2-${HANAKO}`)).data.erasePerson,
    ).toEqual({
      alreadyErased: true,
      replayed: false,
      person: { ...erasedEntry, erasedAt },
    });

    expect((await person(tokens.auditor, 'org-recycler-a', HANAKO)).data.person).toEqual({
      ...erasedEntry,
      erasedAt,
    });
    expect((await graphql(tokens.recycler, `{ myProfile ${PERSON} }`)).data.myProfile).toEqual({
      ...erasedEntry,
      erasedAt,
    });
    const people = platform.info.dataSources.get('people');
    if (!people) throw new Error('the platform runs the people directory');
    expect(
      await people.query(
        `SELECT display_name, email, phone, erasure_reason FROM people.person WHERE subject = $1`,
        [HANAKO],
      ),
    ).toEqual([
      { display_name: null, email: null, phone: null, erasure_reason: 'APPI request of 2026-03-05' },
    ]);

    // The immutable record and its events are untouched: they only ever held the pseudonymous id.
    expect(await recordedActor()).toEqual(lotBefore);
    expect(await eventActors()).toEqual(eventsBefore);
  });

  it("refuses a recycler another person's entry", async () => {
    const read = await person(tokens.otherRecycler, 'org-recycler-a', HANAKO);
    expect(read.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(read.data).toBeNull();
    const erase = await erasePerson(tokens.otherRecycler, HANAKO, 'because');
    expect(erase.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });
});
