// moby's mount.MergeTmpfsOptions: flags that set the same mount bit collide (noexec/exec,
// ro/rw...), all propagation modes collide with each other, key=value options collide by key;
// the last occurrence wins and keeps its position.
const FLAG_GROUPS: Record<string, string> = {
  ro: 'rdonly', rw: 'rdonly', suid: 'nosuid', nosuid: 'nosuid', dev: 'nodev', nodev: 'nodev',
  exec: 'noexec', noexec: 'noexec', sync: 'sync', async: 'sync', dirsync: 'dirsync', remount: 'remount',
  mand: 'mand', nomand: 'mand', atime: 'noatime', noatime: 'noatime', diratime: 'nodiratime',
  nodiratime: 'nodiratime', relatime: 'relatime', norelatime: 'relatime', strictatime: 'strictatime',
  nostrictatime: 'strictatime',
  bind: 'propagation', rbind: 'propagation', unbindable: 'propagation', runbindable: 'propagation',
  private: 'propagation', rprivate: 'propagation', shared: 'propagation', rshared: 'propagation',
  slave: 'propagation', rslave: 'propagation',
};

const DATA_KEYS = new Set(['size', 'mode', 'uid', 'gid', 'nr_inodes', 'nr_blocks', 'mpol']);

function collisionKey(option: string): string {
  const flag = FLAG_GROUPS[option];
  if (flag !== undefined) return `flag:${flag}`;
  const eq = option.indexOf('=');
  const key = option.slice(0, eq);
  if (eq < 0 || !DATA_KEYS.has(key)) throw new Error(`Invalid tmpfs option "${option}"`);
  return `data:${key}`;
}

export function mergeTmpfsOptions(options: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const option of [...options].reverse()) {
    if (option === 'defaults') continue;
    const key = collisionKey(option);
    if (seen.has(key)) continue;
    seen.add(key);
    out.unshift(option);
  }
  return out;
}
