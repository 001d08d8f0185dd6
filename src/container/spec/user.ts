import { readFile } from 'node:fs/promises';
import type { ResolvedUser } from './input.js';
import { resolveInRoot } from './scoped-path.js';

interface PasswdEntry { name: string; uid: number; gid: number; home: string }
interface GroupEntry { name: string; gid: number; members: string[] }

const MAX_ID = 2 ** 31 - 1;

async function readEtc(rootfs: string, file: string): Promise<string[][]> {
  const resolved = await resolveInRoot(rootfs, file);
  const text = await readFile(resolved, 'utf8').catch((e: unknown) => {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return '';
    throw e;
  });
  return text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')).map((l) => l.split(':'));
}

function parseId(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  const id = Number(text);
  if (id > MAX_ID) throw new Error(`uids and gids must be in range 0-${MAX_ID}`);
  return id;
}

async function readPasswd(rootfs: string): Promise<PasswdEntry[]> {
  return (await readEtc(rootfs, '/etc/passwd')).flatMap(([name, , uid, gid, , home]) => {
    const u = parseId(uid);
    const g = parseId(gid);
    return name === undefined || u === undefined || g === undefined ? [] : [{ name, uid: u, gid: g, home: home ?? '' }];
  });
}

async function readGroups(rootfs: string): Promise<GroupEntry[]> {
  return (await readEtc(rootfs, '/etc/group')).flatMap(([name, , gid, members]) => {
    const g = parseId(gid);
    return name === undefined || g === undefined ? [] : [{ name, gid: g, members: (members ?? '').split(',').filter((m) => m !== '') }];
  });
}

function findGroup(groups: readonly GroupEntry[], spec: string): number {
  const numeric = parseId(spec);
  const found = groups.find((g) => (numeric === undefined ? g.name === spec : g.gid === numeric));
  if (found) return found.gid;
  if (numeric !== undefined) return numeric;
  throw new Error(`unable to find group ${spec}: no matching entries in group file`);
}

// runc's GetExecUser as moby uses it: `name`, `uid`, `name:group`, `uid:gid`; a numeric spec
// is always an id (never a name), used as is when absent from the files; a name must exist. Supplementary groups come from
// /etc/group membership only when no group is given, then --group-add is appended.
export async function resolveUser(user: string, rootfs: string, groupAdd: readonly string[] = []): Promise<ResolvedUser> {
  const [userSpec = '', groupSpec = ''] = user.split(':');
  const passwd = await readPasswd(rootfs);
  const groups = await readGroups(rootfs);
  const wanted = userSpec === '' ? '0' : userSpec;
  const numeric = parseId(wanted);
  const entry = passwd.find((p) => (numeric === undefined ? p.name === wanted : p.uid === numeric));
  if (!entry && numeric === undefined) throw new Error(`unable to find user ${wanted}: no matching entries in passwd file`);
  const uid = entry?.uid ?? numeric ?? 0;
  const gid = groupSpec !== '' ? findGroup(groups, groupSpec) : (entry?.gid ?? 0);
  const membership = groupSpec === '' && entry ? groups.filter((g) => g.members.includes(entry.name)).map((g) => g.gid) : [];
  const added = groupAdd.map((g) => findGroup(groups, g));
  const home = entry && entry.home !== '' ? entry.home : undefined;
  return { uid, gid, additionalGids: [...new Set([...membership, ...added])], ...(home === undefined ? {} : { home }) };
}
