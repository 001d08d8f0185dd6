// The image configuration (OCI image-spec config, which Docker's v2 config is a superset of):
// the fields Burrow reads. Unknown fields are kept, since the blob is stored as pulled.
export interface ContainerConfigFields {
  Hostname?: string;
  Domainname?: string;
  User?: string;
  Env?: string[] | null;
  Cmd?: string[] | null;
  Entrypoint?: string[] | null;
  WorkingDir?: string;
  ExposedPorts?: Record<string, object> | null;
  Volumes?: Record<string, object> | null;
  Labels?: Record<string, string> | null;
  StopSignal?: string;
  Healthcheck?: object;
  OnBuild?: string[] | null;
  Shell?: string[];
  ArgsEscaped?: boolean;
  Image?: string;
}

export interface HistoryEntry {
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
}

export interface ImageConfig {
  architecture?: string;
  os?: string;
  variant?: string;
  created?: string;
  author?: string;
  comment?: string;
  container?: string;
  docker_version?: string;
  config?: ContainerConfigFields;
  container_config?: ContainerConfigFields;
  rootfs: { type: string; diff_ids: string[] };
  history?: HistoryEntry[];
}

export function parseImageConfig(bytes: Buffer): ImageConfig {
  const parsed = JSON.parse(bytes.toString('utf8')) as Partial<ImageConfig>;
  if (!parsed.rootfs || !Array.isArray(parsed.rootfs.diff_ids)) throw new Error('image config has no rootfs.diff_ids');
  return parsed as ImageConfig;
}
