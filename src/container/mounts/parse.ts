// `-v` (HostConfig.Binds) and `--mount` (HostConfig.Mounts) parsed and validated as moby's
// linux parser does (daemon/volume/mounts/linux_parser.go), errors word for word.
import { posix } from 'node:path';
import { InvalidParameterError } from '../../base/errors.js';
import type { MountSpec } from '../mount-types.js';

export interface ParsedMount {
  type: 'bind' | 'volume' | 'tmpfs';
  /** Host path for a bind, volume name for a volume ('' makes it anonymous), '' for tmpfs. */
  source: string;
  destination: string;
  rw: boolean;
  mode: string;
  /** Binds only: as asked, else rprivate. */
  propagation: string;
  /** Volume driver asked for ('' is the default). */
  driver: string;
  noCopy: boolean;
  /** --mount type=volume's DriverConfig.Options and Labels, used when the volume is created. */
  driverOpts?: Record<string, string> | null;
  labels?: Record<string, string> | null;
  tmpfsOptions?: string[];
}

const RW_MODES = new Set(['rw', 'ro']);
const LABEL_MODES = new Set(['z', 'Z']);
const PROPAGATION_MODES = new Set(['private', 'rprivate', 'slave', 'rslave', 'shared', 'rshared']);
const COPY_MODES = new Set(['nocopy']);
const CONSISTENCY_MODES = new Set(['consistent', 'cached', 'delegated']);
const DEFAULT_PROPAGATION = 'rprivate';

/** Go's path.Clean for the absolute and relative paths mounts use. */
export function cleanPath(p: string): string {
  const n = posix.normalize(p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

/** strings.SplitN(s, sep, n) */
function splitN(s: string, sep: string, n: number): string[] {
  const parts = s.split(sep);
  return parts.length <= n ? parts : [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

export function validMountMode(mode: string): boolean {
  if (mode === '') return true;
  const counts = [0, 0, 0, 0, 0];
  for (const o of mode.split(',')) {
    const kind = [RW_MODES, LABEL_MODES, PROPAGATION_MODES, COPY_MODES, CONSISTENCY_MODES].findIndex((set) => set.has(o));
    if (kind < 0) return false;
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts.every((c) => c <= 1);
}

function mountConfigError(type: string, why: string): InvalidParameterError {
  return new InvalidParameterError(`invalid mount config for type ${JSON.stringify(type)}: ${why}`);
}

function absoluteError(p: string): string | undefined {
  const slashed = p.replaceAll('\\', '/');
  return posix.isAbsolute(slashed) ? undefined : `invalid mount path: '${slashed}' mount path must be absolute`;
}

/** A destination as dockerd accepts it: absolute and not '/'; the message without the mount-config prefix. */
export function destinationError(target: string): string | undefined {
  if (cleanPath(target.replaceAll('\\', '/')) === '/') return 'invalid specification: destination can\'t be \'/\'';
  return absoluteError(target);
}

export type SourceExists = (path: string) => Promise<boolean>;

function exclusiveOptionsError(spec: MountSpec): string | undefined {
  if (spec.Type !== 'bind' && spec.BindOptions) return 'field BindOptions must not be specified';
  if (spec.Type !== 'volume' && spec.VolumeOptions) return 'field VolumeOptions must not be specified';
  if (spec.Type !== 'tmpfs' && spec.TmpfsOptions) return 'field TmpfsOptions must not be specified';
  return undefined;
}

/** ConvertTmpfsOptions: size in the largest unit that divides it, mode in octal. */
export function tmpfsOptions(opts: MountSpec['TmpfsOptions'], readOnly: boolean): string[] {
  const out: string[] = readOnly ? ['ro'] : [];
  if (opts?.Mode !== undefined && opts.Mode !== 0) out.push(`mode=${opts.Mode.toString(8)}`);
  const bytes = opts?.SizeBytes ?? 0;
  if (bytes !== 0) {
    const unit = ([['g', 2 ** 30], ['m', 2 ** 20], ['k', 2 ** 10]] as const).find(([, d]) => bytes % d === 0);
    out.push(unit ? `size=${String(bytes / unit[1])}${unit[0]}` : `size=${String(bytes)}`);
  }
  return out;
}

/** validateMountConfigImpl: the bind source must exist only for --mount (not for -v, which creates it). */
async function validateMountConfig(spec: MountSpec, exists: SourceExists | undefined): Promise<void> {
  const type = spec.Type ?? '';
  const fail = (why: string): InvalidParameterError => mountConfigError(type, why);
  const exclusive = exclusiveOptionsError(spec);
  if (exclusive !== undefined) throw fail(exclusive);
  const target = spec.Target ?? '';
  if (target === '') throw fail('field Target must not be empty');
  const badTarget = destinationError(target);
  if (badTarget !== undefined) throw fail(badTarget);
  const source = spec.Source ?? '';
  switch (type) {
    case 'bind': {
      if (source === '') throw fail('field Source must not be empty');
      const propagation = spec.BindOptions?.Propagation ?? '';
      if (propagation !== '' && !PROPAGATION_MODES.has(propagation)) throw fail(`invalid propagation mode: ${propagation}`);
      const badSource = absoluteError(source);
      if (badSource !== undefined) throw fail(badSource);
      if (exists && !(await exists(source)) && spec.BindOptions?.CreateMountpoint !== true) throw fail(`bind source path does not exist: ${source}`);
      return;
    }
    case 'volume': {
      const subpath = spec.VolumeOptions?.Subpath ?? '';
      if (subpath !== '' && source === '') throw fail('must not set Subpath when using anonymous volumes');
      if (subpath !== '') throw new InvalidParameterError('volume subpaths are not supported by burrow yet; mount the volume and use the path inside it');
      return;
    }
    case 'tmpfs':
      if (source !== '') throw fail('field Source must not be specified');
      return;
    default:
      throw fail('mount type unknown');
  }
}

/** HostConfig.Mounts entry (ParseMountSpec). */
export async function parseMountSpec(spec: MountSpec, exists: SourceExists): Promise<ParsedMount> {
  await validateMountConfig(spec, exists);
  return specToMount(spec);
}

function specToMount(spec: MountSpec, mode = ''): ParsedMount {
  const type = spec.Type as ParsedMount['type'];
  const base = { type, source: '', destination: cleanPath((spec.Target ?? '').replaceAll('\\', '/')), rw: spec.ReadOnly !== true, mode, propagation: '', driver: '', noCopy: false };
  switch (type) {
    case 'volume':
      return {
        ...base,
        source: spec.Source ?? '',
        driver: spec.VolumeOptions?.DriverConfig?.Name ?? '',
        noCopy: spec.VolumeOptions?.NoCopy === true,
        driverOpts: spec.VolumeOptions?.DriverConfig?.Options ?? null,
        labels: spec.VolumeOptions?.Labels ?? null,
      };
    case 'bind': {
      const propagation = spec.BindOptions?.Propagation ?? '';
      return { ...base, source: cleanPath((spec.Source ?? '').replaceAll('\\', '/')), propagation: propagation === '' ? DEFAULT_PROPAGATION : propagation };
    }
    case 'tmpfs':
      return { ...base, tmpfsOptions: tmpfsOptions(spec.TmpfsOptions, spec.ReadOnly === true) };
  }
}

function invalidSpec(raw: string): string {
  return `invalid volume specification: '${raw}'`;
}

/** A HostConfig.Binds entry, `[source:]destination[:mode]` (ParseMountRaw). */
export async function parseBind(raw: string, volumeDriver: string): Promise<ParsedMount> {
  const arr = splitN(raw, ':', 4);
  const first = arr[0] ?? '';
  if (first === '') throw new InvalidParameterError(invalidSpec(raw));
  let source = '';
  let target: string;
  let mode = '';
  switch (arr.length) {
    case 1:
      target = first;
      break;
    case 2:
      // a destination plus a mode is not a volume: volumes cannot include a mode (/foo:rw)
      if (validMountMode(arr[1] ?? '')) throw new InvalidParameterError(invalidSpec(raw));
      source = first;
      target = arr[1] ?? '';
      break;
    case 3:
      source = first;
      target = arr[1] ?? '';
      mode = arr[2] ?? '';
      break;
    default:
      throw new InvalidParameterError(invalidSpec(raw));
  }
  if (!validMountMode(mode)) throw new InvalidParameterError(`invalid mode: ${mode}`);
  const options = mode.split(',');
  const spec: MountSpec = { Type: posix.isAbsolute(source) ? 'bind' : 'volume', Source: source, Target: target, ReadOnly: options.includes('ro') };
  if (volumeDriver !== '' && spec.Type === 'volume') spec.VolumeOptions = { DriverConfig: { Name: volumeDriver } };
  if (options.includes('nocopy')) spec.VolumeOptions = { ...spec.VolumeOptions, NoCopy: true };
  const propagation = options.find((o) => PROPAGATION_MODES.has(o));
  if (propagation !== undefined) spec.BindOptions = { Propagation: propagation };
  try {
    await validateMountConfig(spec, undefined);
  } catch (err) {
    throw new InvalidParameterError(`${invalidSpec(raw)}: ${(err as Error).message}`, { cause: err });
  }
  return specToMount(spec, mode);
}
