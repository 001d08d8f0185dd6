// RegistryConfig as dockerd reports it. The docker CLI decodes every InsecureRegistryCIDRs entry with
// net.ParseCIDR and fails the whole `docker info` on a bad one, so only real CIDRs go there; names
// become insecure IndexConfigs entries, as dockerd's LoadInsecureRegistries does.
import { isIP } from 'node:net';
import type { EngineFacts } from './facts.js';
import type { IndexInfo, RegistryConfig } from './types.js';

const OFFICIAL_INDEX = 'docker.io';

function isCidr(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash < 0) return false;
  const family = isIP(value.slice(0, slash));
  const bits = value.slice(slash + 1);
  if (family === 0 || !/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

export function buildRegistryConfig(registry: EngineFacts['registry']): RegistryConfig {
  // dockerd always treats loopback registries as insecure.
  const cidrs = ['127.0.0.0/8'];
  const indexConfigs: Record<string, IndexInfo> = {
    [OFFICIAL_INDEX]: { Name: OFFICIAL_INDEX, Mirrors: [...registry.mirrors], Secure: true, Official: true },
  };
  for (const entry of registry.insecureRegistries) {
    if (isCidr(entry)) {
      if (!cidrs.includes(entry)) cidrs.push(entry);
    } else {
      const official = entry === OFFICIAL_INDEX;
      indexConfigs[entry] = { Name: entry, Mirrors: official ? [...registry.mirrors] : [], Secure: false, Official: official };
    }
  }
  return {
    AllowNondistributableArtifactsCIDRs: [],
    AllowNondistributableArtifactsHostnames: [],
    InsecureRegistryCIDRs: cidrs,
    IndexConfigs: indexConfigs,
    Mirrors: [...registry.mirrors],
  };
}
