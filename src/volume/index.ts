// Public surface of the volume domain: named volumes of the local driver.
export { ANONYMOUS_LABEL, VolumeService, type VolumeCreateRequest, type VolumeServiceOptions, type VolumeView } from './service.js';
