// Public surface of the container domain.
export { ContainerService, type ContainerDeps, type ContainerImage, type ContainerRecord, type CreateBody, type ExecRecord } from './service.js';
