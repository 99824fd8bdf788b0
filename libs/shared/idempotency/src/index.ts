export { canonicalJson, requestHash } from './request-hash';
