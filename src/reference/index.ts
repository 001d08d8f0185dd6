export type { ImageReference } from './reference.js';
export {
  DEFAULT_DOMAIN,
  DEFAULT_TAG,
  familiarName,
  familiarString,
  fullName,
  fullString,
  parseNamed,
  parseReference,
  withDigest,
  withTag,
} from './reference.js';
export { digestAlgorithm, isDigest, validateDigest } from './digest.js';
