// Every host read goes through a HostPaths root, so unit tests point it at a fixture tree
// (test/fixtures/host/<scenario>/) instead of mocking fs.
import { readFile, stat, access } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join } from 'node:path';

export class HostPaths {
  constructor(readonly root = '/') {}

  /** The real path of a host path such as `/proc/sys/user/max_user_namespaces`. */
  path(hostPath: string): string {
    return this.root === '/' ? hostPath : join(this.root, hostPath);
  }

  async read(hostPath: string): Promise<string | undefined> {
    try {
      return await readFile(this.path(hostPath), 'utf8');
    } catch {
      return undefined;
    }
  }

  async readTrim(hostPath: string): Promise<string | undefined> {
    return (await this.read(hostPath))?.trim();
  }

  async exists(hostPath: string): Promise<boolean> {
    try {
      await stat(this.path(hostPath));
      return true;
    } catch {
      return false;
    }
  }

  async canReadWrite(hostPath: string): Promise<boolean> {
    try {
      await access(this.path(hostPath), constants.R_OK | constants.W_OK);
      return true;
    } catch {
      return false;
    }
  }
}

/** The invoking user as the checks and the launcher see it; injected so tests can fake it. */
export interface HostUser {
  uid: number;
  gid: number;
  name: string;
  home: string;
  env: NodeJS.ProcessEnv;
}
