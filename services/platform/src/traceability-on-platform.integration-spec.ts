import { waitFor } from '@rre/testing';
import { scenarioClient } from './test-support/concentration-scenario';
import { type PlatformUnderTest, startPlatformUnderTest } from './test-support/platform-under-test';
import { shipTerbiumMetalWithPassport } from './test-support/sales-scenario';
import { traceTerbiumMetalToSources } from './test-support/traceability-scenario';

jest.setTimeout(300_000);

const onPglite = process.env.TEST_DATABASE === 'pglite';

describe(`traceability on the platform (${onPglite ? 'embedded PGlite' : 'PostgreSQL'})`, () => {
  let underTest: PlatformUnderTest | undefined;

  beforeAll(async () => {
    underTest = await startPlatformUnderTest({
      name: 'traceability',
      database: onPglite ? 'pglite' : 'postgres',
    });
  });

  afterAll(async () => {
    await underTest?.stop();
  });

  it('traces the Tb metal made from intake lots through concentration, separation and reduction back to its source lots, to the milligram; shipped, its passport carries the same figures', async () => {
    if (!underTest) throw new Error('the platform did not start');
    const metalLotId = await traceTerbiumMetalToSources(underTest.platform, underTest.dataDir);
    await shipTerbiumMetalWithPassport(underTest.platform, underTest.dataDir, metalLotId);
  });

  it('a correction after shipment: traceability announces a restatement, and the passport lists it without changing what it signed', async () => {
    if (!underTest) throw new Error('the platform did not start');
    const { platform, dataDir } = underTest;
    const { ok, tokens } = await scenarioClient(platform, dataDir);
    const [shipment] = (await ok(tokens.auditor, `{ salesShipments { passportId } }`)).salesShipments;
    const passportOf = async (): Promise<any> =>
      (
        await fetch(`${platform.url}/passports/${shipment.passportId}`, {
          headers: { authorization: `Bearer ${tokens.auditor}` },
        })
      ).json();
    const issued = await passportOf();
    const [lot] = issued.lots;
    expect(lot.restatements).toBeUndefined();
    // The first post-consumer magnet lot behind the metal is re-assayed: 0.8 % Tb becomes 0.9 %.
    const trace = await ok(
      tokens.auditor,
      `query ($lotId: ID!) { backwardTrace(lotId: $lotId, element: "Tb") { sources { lotId sourceCategory } } }`,
      { lotId: lot.lotId },
    );
    const magnet = trace.backwardTrace[0].sources.find(
      (each: any) => each.sourceCategory === 'POST_CONSUMER',
    );
    await ok(
      tokens.lab,
      `mutation ($input: RecordAssayInput!) { recordAssay(input: $input) { lot { id } } }`,
      {
        input: {
          lotId: magnet.lotId,
          method: 'ICP_OES',
          sampleId: 'S-RE-ASSAY',
          analysedAt: '2026-11-25T10:00:00.000Z',
          reason: 're-assay after supplier dispute',
          contents: Object.entries({ Nd: '24', Pr: '5', Dy: '6', Tb: '0.9', Fe: '62' }).map(
            ([element, value]) => ({ element, value, unit: 'P1' }),
          ),
        },
      },
    );
    await waitFor(
      async () => (await passportOf()).lots.every((each: any) => each.restatements?.length === 1),
      "each shipped lot's restatement reached the passport",
      { timeoutMs: 60_000 },
    );
    const restated = await passportOf();
    for (const [index, section] of restated.lots.entries()) {
      const [notice] = section.restatements;
      // It names the statement frozen at shipment, which the lot's section still states.
      expect(notice.restatesStatementId).toBe(issued.lots[index].recycledContent.statementId);
      expect(section.recycledContent).toEqual(issued.lots[index].recycledContent);
      expect(notice.statementId).toMatch(/^ST-[0-9A-F]{26}$/);
      const postConsumer = (statement: any) =>
        Number(
          statement.elements[0].categories.find((c: any) => c.category === 'CONTENT_CATEGORY_POST_CONSUMER')
            .mass.value,
        );
      // More of the magnet lot's Tb: a larger post-consumer share of the same metal.
      expect(postConsumer(notice)).toBeGreaterThan(postConsumer(section.recycledContent));
      expect(notice.ledgerProof.checkpointId).toMatch(/^[1-9][0-9]*$/);
    }
    // The JWS signs the passport as issued: without the later notices.
    const jws = await (
      await fetch(`${platform.url}/passports/${shipment.passportId}.jws`, {
        headers: { authorization: `Bearer ${tokens.auditor}` },
      })
    ).text();
    const payload = JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8'));
    expect(payload.lots.map((each: any) => each.restatements)).toEqual([undefined, undefined]);
    expect(payload.lots[0].recycledContent).toEqual(issued.lots[0].recycledContent);
  });
});
