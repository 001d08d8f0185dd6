// Public surface of the container domain.
export type { ContainerFsView, MountPlanner, MountPoint, MountRequest, MountSpec } from './mount-types.js';
export { ContainerService, type ContainerDeps, type ContainerImage, type ContainerRecord, type CreateBody } from './service.js';
export type { ExecCreateBody, ExecRecord } from './execs.js';
