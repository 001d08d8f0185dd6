// Named volumes (local driver). Scaffold: the volumes helper replaces this with the real service.
import { NotImplementedError } from '../base/errors.js';
import type { Logger } from '../base/log.js';

export interface VolumeServiceOptions {
  logger: Logger;
  /** <data-root>/volumes */
  root: string;
  /** Ids of containers using a volume (a volume in use is not removed). */
  usedBy: (name: string) => string[];
}

export class VolumeService {
  constructor(readonly options: VolumeServiceOptions) {}

  open(): Promise<void> {
    return Promise.reject(new NotImplementedError('volumes are not implemented yet'));
  }
}
