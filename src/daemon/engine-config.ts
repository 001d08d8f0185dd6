// What the parent tells the engine child over their IPC channel, so the engine never re-reads
// flags or files that the parent already validated.
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

