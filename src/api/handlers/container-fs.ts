// Scaffold: the container-filesystem helper replaces this with archive (cp), export and changes.
import type { ContainerService } from '../../container/index.js';
import type { Route } from '../router.js';

export function containerFsRoutes(containers: ContainerService): Route[] {
  void containers;
  return [];
}
