import { ConfigError } from '@rre/config';
import { supergraphSubgraphs } from './bootstrap';
import { loadGatewayConfig, parseSubgraphUrls } from './gateway-config';

describe('gateway configuration', () => {
  it('reads the subgraph URLs by name', () => {
    expect(
      parseSubgraphUrls('intake=http://intake:3001/graphql, concentration=https://c.example/graphql'),
    ).toEqual({
      intake: 'http://intake:3001/graphql',
      concentration: 'https://c.example/graphql',
    });
  });

  it('names the variable, the value and the rule of a bad subgraph list', () => {
    expect(() => loadGatewayConfig({ GATEWAY_SUBGRAPH_URLS: 'intake' })).toThrow(ConfigError);
    expect(() => loadGatewayConfig({ GATEWAY_SUBGRAPH_URLS: 'intake=ftp://x/graphql' })).toThrow(
      /GATEWAY_SUBGRAPH_URLS="intake=ftp:\/\/x\/graphql": "intake=ftp:\/\/x\/graphql": must be an http:\/\/ or https:\/\/ URL/,
    );
  });

  it('refuses a gateway secret shorter than 32 characters without showing it', () => {
    expect(() => loadGatewayConfig({ GATEWAY_SHARED_SECRET: 'short' })).toThrow(
      /GATEWAY_SHARED_SECRET="\*\*\*\*": must be at least 32 characters/,
    );
  });

  it('serves the checked-in supergraph statically by default', () => {
    const config = loadGatewayConfig({});
    expect(config.GATEWAY_COMPOSITION).toBe('static');
    expect(config.GATEWAY_SUPERGRAPH_FILE).toBe('schema/supergraph.graphql');
    expect(config.PORT).toBe(4000);
  });

  it('lists the subgraphs of a supergraph', () => {
    const sdl = `enum join__Graph {
  INTAKE @join__graph(name: "intake", url: "http://intake.subgraph.invalid/graphql")
  PLATFORM @join__graph(name: "platform", url: "http://platform.subgraph.invalid/graphql")
}`;
    expect(supergraphSubgraphs(sdl)).toEqual(['intake', 'platform']);
  });
});
