import { DIGEST_BYTES, sha256 } from './digest';

// RFC 6962 / RFC 9162 Merkle tree hashing: leaves and inner nodes are hashed with different
// prefixes (no second preimage between them), and a tree of n leaves splits at the largest power
// of two below n, so an odd count needs no duplicated leaf (which would let two lists share a root).
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** Leaf hash of an entry: SHA-256(0x00 || entry hash). */
export function leafHash(entryHash: Uint8Array): Buffer {
  return sha256(LEAF_PREFIX, entryHash);
}

/** Inner node hash: SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return sha256(NODE_PREFIX, left, right);
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The Merkle root over entry hashes (in leaf order). A checkpoint never covers zero entries. */
export function merkleRoot(entryHashes: readonly Uint8Array[]): Buffer {
  if (entryHashes.length === 0) throw new Error('a Merkle tree needs at least one leaf');
  return subtreeRoot(entryHashes.map(leafHash));
}

function subtreeRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 1) return leaves[0] as Buffer;
  const k = largestPowerOfTwoBelow(leaves.length);
  return nodeHash(subtreeRoot(leaves.slice(0, k)), subtreeRoot(leaves.slice(k)));
}

/** The inclusion (audit) path of leaf `index`: sibling hashes from the leaf up to the root. */
export function inclusionPath(entryHashes: readonly Uint8Array[], index: number): Buffer[] {
  if (!Number.isInteger(index) || index < 0 || index >= entryHashes.length) {
    throw new Error(`leaf index ${index} is outside a tree of ${entryHashes.length} leaves`);
  }
  const path: Buffer[] = [];
  collectPath(entryHashes.map(leafHash), index, path);
  return path;
}

function collectPath(leaves: readonly Buffer[], index: number, path: Buffer[]): void {
  if (leaves.length === 1) return;
  const k = largestPowerOfTwoBelow(leaves.length);
  if (index < k) {
    collectPath(leaves.slice(0, k), index, path);
    path.push(subtreeRoot(leaves.slice(k)));
  } else {
    collectPath(leaves.slice(k), index - k, path);
    path.push(subtreeRoot(leaves.slice(0, k)));
  }
}

/**
 * The root an inclusion path leads to from an entry hash at `index` in a tree of `treeSize`
 * leaves (RFC 9162, 2.1.3.2); undefined when the path has the wrong length for that position.
 */
export function rootFromInclusionPath(
  entryHash: Uint8Array,
  index: number,
  treeSize: number,
  path: readonly Uint8Array[],
): Buffer | undefined {
  if (!Number.isInteger(index) || !Number.isInteger(treeSize) || index < 0 || index >= treeSize)
    return undefined;
  if (path.some((hash) => hash.byteLength !== DIGEST_BYTES)) return undefined;
  let fn = index;
  let sn = treeSize - 1;
  let r = leafHash(entryHash);
  for (const p of path) {
    if (sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : undefined;
}
