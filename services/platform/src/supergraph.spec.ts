import {
  checkSupergraphArtefacts,
  composePlatformSupergraph,
  supergraphArtefacts,
  writeSupergraphArtefacts,
} from './supergraph';

jest.setTimeout(120_000);

// CI's guard on the API: a subgraph change that does not compose, or that was not regenerated into
// schema/ (`npx nx run platform:supergraph`), or that breaks the deprecation policy fails here.
describe('the checked-in supergraph (schema/)', () => {
  it('is what the subgraphs of platform-services.ts compose to, and keeps the deprecation policy', async () => {
    const result = await composePlatformSupergraph();
    const artefacts = supergraphArtefacts(result);
    if (process.env['UPDATE_SCHEMA'] === 'true') writeSupergraphArtefacts(artefacts);
    expect(result.subgraphs.map((s) => s.name)).toEqual(expect.arrayContaining(['platform', 'intake']));
    expect(result.composed.supergraphSdl).toContain('@join__graph(name: "intake"');
    expect(checkSupergraphArtefacts(artefacts)).toEqual({ stale: [], violations: [] });
  });
});
