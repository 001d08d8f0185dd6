// Scaffold: the processes helper replaces this with top and stats.
import type { ContainerService } from '../../container/index.js';
import type { Route } from '../router.js';

export function containerProcRoutes(containers: ContainerService): Route[] {
  void containers;
  return [];
}
