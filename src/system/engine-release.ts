// Burrow speaks the Engine API of one Docker release, so clients that parse the version (docker-py,
// compose, testcontainers) see a real pair: Docker 24.0.x shipped API 1.43. The minimum is 1.24
// because older clients than that no longer exist in practice and moby 25+ made it the floor too.
export interface EngineRelease {
  /** Docker release reported as `Version`/`ServerVersion` and in the `Server:` header. */
  version: string;
  apiVersion: string;
  minApiVersion: string;
}

export const ENGINE_RELEASE: EngineRelease = {
  version: '24.0.9',
  apiVersion: '1.43',
  minApiVersion: '1.24',
};
