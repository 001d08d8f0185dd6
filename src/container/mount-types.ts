// What a container mounts besides its image: bind mounts, volumes (named and anonymous) and
// tmpfs, planned at create (so anonymous volumes exist from then on, as in dockerd) and turned
// into runtime mounts at each start.
import type { ImageConfig } from '../image/config.js';
import type { OciMount } from './spec/index.js';

/** One entry of `docker inspect`'s Mounts, plus what the engine needs to mount it again. */
export interface MountPoint {
  Type: 'bind' | 'volume' | 'tmpfs';
  /** Volume name (volumes only). */
  Name?: string;
  /** Host path: the bind source, or the volume's _data directory; '' for tmpfs. */
  Source: string;
  Destination: string;
  Driver?: string;
  /** As given (-v's third field, e.g. "ro,z"), '' when none. */
  Mode: string;
  RW: boolean;
  Propagation: string;
  /** Created for this container from an image VOLUME or a -v without a name; `docker rm -v` removes it. */
  Anonymous?: boolean;
  /** --mount volume-nocopy: no copy-up of image content into an empty volume. */
  NoCopy?: boolean;
  /** tmpfs size and mode (--mount type=tmpfs), as OCI mount options. */
  TmpfsOptions?: string[];
}

/** The mount-related part of a create body. */
export interface MountRequest {
  Binds?: string[] | null;
  Mounts?: MountSpec[] | null;
  /** Config.Volumes: anonymous volumes asked for by the client. */
  Volumes?: Record<string, unknown> | null;
  VolumeDriver?: string;
  /** --tmpfs destinations: they take a destination as a mount does (duplicates, image VOLUMEs they cover). */
  Tmpfs?: Record<string, string> | null;
}

/** HostConfig.Mounts entry (`--mount`), as the Engine API has it. */
export interface MountSpec {
  Type?: string;
  Source?: string;
  Target?: string;
  ReadOnly?: boolean;
  Consistency?: string;
  BindOptions?: { Propagation?: string; NonRecursive?: boolean; CreateMountpoint?: boolean } | null;
  VolumeOptions?: { NoCopy?: boolean; Labels?: Record<string, string> | null; DriverConfig?: { Name?: string; Options?: Record<string, string> | null } | null; Subpath?: string } | null;
  TmpfsOptions?: { SizeBytes?: number; Mode?: number } | null;
}

export interface MountPlanner {
  /** At create: validates the request, creates named and anonymous volumes; the result is stored with the container. Errors are InvalidParameterError with dockerd's texts. */
  plan(request: MountRequest, image: ImageConfig, containerId: string): Promise<MountPoint[]>;
  /** At start: the runtime mounts; copies image content from `rootfs` into empty volumes on first use. */
  prepare(points: readonly MountPoint[], rootfs: string): Promise<OciMount[]>;
  /** At remove: removes the container's anonymous volumes when `removeVolumes` (docker rm -v). */
  release(points: readonly MountPoint[], removeVolumes: boolean): Promise<void>;
}

/** A container's filesystem as cp, export, diff and commit see it. */
export interface ContainerFsView {
  /** The container's root (the overlay's merged dir, or the vfs copy), mounted until release(). */
  rootfs: string;
  /** The container's own changes (overlay upper dir); undefined for vfs, whose changes are diffed against the image. */
  upperDir: string | undefined;
  /** The image's layers, top first (overlay), for diffing. */
  lowerDirs: string[];
  /** Bind mounts and volumes, which cp reads and writes through as dockerd does. */
  mounts: readonly MountPoint[];
  running: boolean;
  /** Unmounts the rootfs again if it was mounted for this view. */
  release(): Promise<void>;
}
