import { schemaPolicyViolations } from './schema-evolution';

const v = (fields: string) => `type Query { lot: Lot }\ntype Lot {\n${fields}\n}`;

describe('the deprecation policy', () => {
  it('allows additions', () => {
    expect(
      schemaPolicyViolations([{ version: '0.1.0', sdl: v('id: ID!') }], v('id: ID!\ncode: String')),
    ).toEqual([]);
  });

  it('refuses removing a field that was never deprecated', () => {
    expect(
      schemaPolicyViolations([{ version: '0.1.0', sdl: v('id: ID!\ncode: String') }], v('id: ID!')),
    ).toEqual([
      'Lot.code was removed.: a field may be removed only after it was deprecated in the last 2 releases (latest 0.1.0)',
    ]);
  });

  it('refuses removing a field deprecated in only the last release, allows it after two', () => {
    const deprecated = v('id: ID!\ncode: String @deprecated(reason: "use gs1Identifier")');
    const plain = v('id: ID!\ncode: String');
    const once = [
      { version: '0.1.0', sdl: plain },
      { version: '0.2.0', sdl: deprecated },
    ];
    expect(schemaPolicyViolations(once, v('id: ID!'))).toHaveLength(1);
    const twice = [...once, { version: '0.10.0', sdl: deprecated }];
    expect(schemaPolicyViolations(twice, v('id: ID!'))).toEqual([]);
  });

  it('refuses other breaking changes outright', () => {
    expect(
      schemaPolicyViolations(
        [{ version: '1.0.0', sdl: v('id: ID!\ncode: String!') }],
        v('id: ID!\ncode: String'),
      ),
    ).toEqual(['FIELD_CHANGED_KIND: Lot.code changed type from String! to String. (against release 1.0.0)']);
  });

  it('has nothing to compare before the first release', () => {
    expect(schemaPolicyViolations([], v('id: ID!'))).toEqual([]);
  });
});
