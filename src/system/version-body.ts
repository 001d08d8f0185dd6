// GET /version: dockerd's shape, Engine first. Burrow adds its own component so users can tell it
// apart from dockerd, and rootlesskit-style components as dockerd ≥ 23 does in rootless mode.
import type { EngineRelease } from './engine-release.js';
import type { EngineFacts, ToolVersion } from './facts.js';
import type { HostInfo } from './host-info.js';
import type { ComponentVersion, VersionBody } from './types.js';

function toolComponent(name: string, tool: ToolVersion): ComponentVersion {
  return { Name: name, Version: tool.version, Details: { GitCommit: tool.commit ?? '' } };
}

export function buildVersionBody(facts: EngineFacts, host: HostInfo, release: EngineRelease): VersionBody {
  const gitCommit = facts.gitCommit ?? '';
  const buildTime = facts.buildTime ?? '';
  const components: ComponentVersion[] = [
    {
      Name: 'Engine',
      Version: release.version,
      Details: {
        ApiVersion: release.apiVersion,
        Arch: host.goArch,
        BuildTime: buildTime,
        Experimental: String(facts.experimental),
        GitCommit: gitCommit,
        GoVersion: host.runtimeVersion,
        KernelVersion: host.kernelVersion,
        MinAPIVersion: release.minApiVersion,
        Os: 'linux',
      },
    },
    { Name: 'Burrow', Version: facts.burrowVersion, Details: { GitCommit: gitCommit } },
  ];
  const runtime = facts.runtimes[facts.defaultRuntime]?.version;
  if (runtime) components.push(toolComponent(facts.defaultRuntime, runtime));
  if (facts.init?.version) components.push(toolComponent(facts.init.binary, facts.init.version));
  const { networkDriver, networkDriverVersion, portDriver, stateDir } = facts.rootless;
  // Burrow's own parent process plays RootlessKit's part, so it carries Burrow's version.
  components.push({
    Name: 'rootlesskit',
    Version: facts.burrowVersion,
    Details: { NetworkDriver: networkDriver, PortDriver: portDriver, StateDir: stateDir },
  });
  if (networkDriverVersion) components.push(toolComponent(networkDriver, networkDriverVersion));

  return {
    Platform: { Name: 'Burrow' },
    Components: components,
    Version: release.version,
    ApiVersion: release.apiVersion,
    MinAPIVersion: release.minApiVersion,
    GitCommit: gitCommit,
    GoVersion: host.runtimeVersion,
    Os: 'linux',
    Arch: host.goArch,
    KernelVersion: host.kernelVersion,
    ...(facts.experimental ? { Experimental: true } : {}),
    BuildTime: buildTime,
  };
}
