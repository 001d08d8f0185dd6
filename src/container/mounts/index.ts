// Scaffold: the volumes helper replaces this with the planner for -v, --mount and image VOLUMEs.
import { NotImplementedError } from '../../base/errors.js';
import type { VolumeService } from '../../volume/index.js';
import type { MountPlanner } from '../mount-types.js';

export function createMountPlanner(volumes: VolumeService): MountPlanner {
  void volumes;
  return {
    plan: () => Promise.resolve([]),
    prepare: () => Promise.resolve([]),
    release: () => Promise.reject(new NotImplementedError('not implemented')),
  };
}
