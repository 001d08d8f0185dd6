export { RegistryClient } from './client.js';
export { decodeRegistryAuthHeader, pickAuthFields } from './auth-config.js';
export { digestVerifier } from './verify.js';
export { formatPlatform, hostPlatform, parsePlatform } from './platform.js';
export {
  MediaType,
  type Descriptor,
  type ImageManifest,
  type LoginResult,
  type Platform,
  type PulledManifest,
  type RegistryAuth,
  type RegistryClientOptions,
  type Repository,
  type UploadedBlob,
} from './types.js';
