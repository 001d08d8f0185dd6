// docker cp (HEAD/GET/PUT …/archive) and docker export.
export { ContainerFsService, type ExtractRequest } from './fs-service.js';
export type { ContainerPathStat } from './archive-path.js';
