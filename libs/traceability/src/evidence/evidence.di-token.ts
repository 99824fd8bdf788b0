export const EVIDENCE_PACKS = Symbol('EVIDENCE_PACKS');
