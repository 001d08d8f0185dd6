// Public surface of the container domain.
export { ContainerService, type ContainerDeps, type ContainerImage, type ContainerRecord, type CreateBody } from './service.js';
