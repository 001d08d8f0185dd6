// Scaffold: the volumes helper replaces this with the /volumes endpoints.
import type { VolumeService } from '../../volume/index.js';
import type { Route } from '../router.js';

export function volumeRoutes(volumes: VolumeService): Route[] {
  void volumes;
  return [];
}
