import { inclusionPath, merkleRoot, rootFromInclusionPath } from './merkle-tree';

// The RFC 6962 test leaves and roots of Certificate Transparency's reference implementation.
const LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((hex) => Buffer.from(hex, 'hex'));
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

describe('Merkle tree (RFC 9162)', () => {
  it.each(ROOTS.map((root, i) => [i + 1, root]))(
    'gives the reference root of the first %i leaves',
    (size, root) => {
      expect(merkleRoot(LEAVES.slice(0, size as number)).toString('hex')).toBe(root);
    },
  );

  it('proves every leaf of every tree of 1 to 8 leaves (odd sizes included)', () => {
    for (let size = 1; size <= 8; size += 1) {
      const leaves = LEAVES.slice(0, size);
      for (let index = 0; index < size; index += 1) {
        const path = inclusionPath(leaves, index);
        expect(rootFromInclusionPath(leaves[index] as Buffer, index, size, path)?.toString('hex')).toBe(
          ROOTS[size - 1],
        );
      }
    }
  });

  it('has an empty path in a one-leaf tree: the root is the leaf hash', () => {
    expect(inclusionPath(LEAVES.slice(0, 1), 0)).toEqual([]);
    expect(rootFromInclusionPath(LEAVES[0] as Buffer, 0, 1, [])?.toString('hex')).toBe(ROOTS[0]);
  });

  it('in a tree of 5 leaves, leaf 4 (the odd one) has a path of 1 hash and leaf 0 of 3', () => {
    const leaves = LEAVES.slice(0, 5);
    expect(inclusionPath(leaves, 4)).toHaveLength(1);
    expect(inclusionPath(leaves, 0)).toHaveLength(3);
  });

  it('leads a tampered leaf, a wrong index or a wrong size elsewhere', () => {
    const leaves = LEAVES.slice(0, 7);
    const path = inclusionPath(leaves, 3);
    expect(rootFromInclusionPath(Buffer.from('2022', 'hex'), 3, 7, path)?.toString('hex')).not.toBe(ROOTS[6]);
    expect(rootFromInclusionPath(leaves[3] as Buffer, 2, 7, path)?.toString('hex')).not.toBe(ROOTS[6]);
    expect(rootFromInclusionPath(leaves[3] as Buffer, 3, 4, path)).toBeUndefined();
    expect(rootFromInclusionPath(leaves[3] as Buffer, 7, 7, path)).toBeUndefined();
  });

  it('refuses a tree of no leaves and an index outside the tree', () => {
    expect(() => merkleRoot([])).toThrow('a Merkle tree needs at least one leaf');
    expect(() => inclusionPath(LEAVES.slice(0, 3), 3)).toThrow('leaf index 3 is outside a tree of 3 leaves');
  });
});
