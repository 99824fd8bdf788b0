import { buildSchema } from 'graphql';

export const typeDefs = /* GraphQL */ `
  type Query {
    lot(id: ID!): Lot
    lots(first: Int): [Lot!]!
    trace(lotId: ID!): Trace
    boom: String
    forbidden: String
  }
  type Lot {
    id: ID!
    mass: String
    parent: Lot
    children(first: Int): [Lot!]!
  }
  type Trace {
    sources: [Lot!]!
  }
`;

export const schema = buildSchema(typeDefs);

/** `{ lot(id: "1") { parent { parent { ... { id } } } } }` with `depth` levels in all. */
export function nestedQuery(depth: number): string {
  let selection = 'id';
  for (let level = 2; level < depth; level += 1) selection = `parent { ${selection} }`;
  return `query Deep { lot(id: "1") { ${selection} } }`;
}
