// Public surface of the system domain (GET /version, GET /info).
export { createSystemService, type SystemService, type SystemServiceOptions } from './system-service.js';
export { ENGINE_RELEASE, type EngineRelease } from './engine-release.js';
export {
  ZERO_COUNTERS,
  type CgroupDriver,
  type CgroupVersion,
  type ContainerCounts,
  type EngineCounters,
  type EngineFacts,
  type RuntimeFacts,
  type ToolVersion,
} from './facts.js';
export { osFields, readHostInfo, type HostInfo } from './host-info.js';
export type { ComponentVersion, InfoBody, VersionBody } from './types.js';
