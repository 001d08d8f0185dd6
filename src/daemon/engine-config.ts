// What the parent tells the engine child, through one environment variable, so the engine never
// re-reads flags or files that the parent already validated.
export interface EngineConfig {
  version: string;
  socketPath: string;
  socketMode: number;
  dataRoot: string;
  debug: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  logFormat: 'text' | 'json';
  uid: number;
  stateDir: string;
  networkDriver: string;
  portDriver: string;
  insecureRegistries: string[];
  registryMirrors: string[];
  labels: string[];
  experimental: boolean;
}

export const ENGINE_CONFIG_ENV = 'BURROW_ENGINE_CONFIG';

export function readEngineConfig(env: NodeJS.ProcessEnv): EngineConfig {
  const text = env[ENGINE_CONFIG_ENV];
  if (!text) throw new Error(`${ENGINE_CONFIG_ENV} is not set: the engine is started by \`burrow daemon\`, not by hand`);
  return JSON.parse(text) as EngineConfig;
}
