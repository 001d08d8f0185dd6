// Scaffold: the commit helper replaces this with POST /commit.
import type { ContainerService } from '../../container/index.js';
import type { ImageApi } from '../../image/index.js';
import type { Route } from '../router.js';

export function commitRoutes(containers: ContainerService, images: ImageApi): Route[] {
  void containers;
  void images;
  return [];
}
