import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { statsBody, ZERO_TIME, type Sample } from '../../../../src/container/procs/stats-body.js';
import { statsFeed } from '../../../../src/container/procs/stats-feed.js';
import { StatsSampler, type StatsTarget } from '../../../../src/container/procs/stats-sampler.js';
import { makeTree, type Tree } from '../../host/fixture.js';

const TARGET: StatsTarget = { id: 'c0ffee', name: '/web', pid: 100, running: true, network: 'shared' };
const MIB = 1024 * 1024;

function procStat(pid: number, utime: number, stime: number, threads: number): string {
  return `${pid} (sh) S 1 ${pid} ${pid} 0 -1 4194560 0 0 0 0 ${utime} ${stime} 0 0 20 0 ${threads} 0 1000 1000 100 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n`;
}

/** /proc with container pids 100 and 101 (one pid namespace) and 200 outside it. */
async function hostTree(t: TestContext, files: Record<string, string> = {}): Promise<Tree> {
  const tree = await makeTree(undefined, {
    files: {
      '/proc/stat': 'cpu  1000 0 500 8000 0 0 0 0 0 0\ncpu0 500 0 250 4000 0 0 0 0 0 0\ncpu1 500 0 250 4000 0 0 0 0 0 0\nintr 1\n',
      '/proc/meminfo': 'MemTotal:        2097152 kB\nMemFree:          100 kB\n',
      '/proc/100/stat': procStat(100, 30, 10, 1),
      '/proc/100/smaps_rollup': 'Rss: 2048 kB\nPss: 1024 kB\nPss_Anon: 512 kB\nPss_File: 512 kB\nPss_Shmem: 0 kB\n',
      '/proc/100/net/dev': 'h1\nh2\n  tap0: 10 1 0 0 0 0 0 0 20 2 0 0 0 0 0 0\n',
      '/proc/101/stat': procStat(101, 50, 10, 3),
      '/proc/101/status': 'Name:\tsh\nVmRSS:\t2048 kB\nRssAnon:\t1024 kB\nRssFile:\t1024 kB\nRssShmem:\t0 kB\n',
      '/proc/200/stat': procStat(200, 9999, 9999, 9),
      '/proc/200/status': 'Name:\tnode\nVmRSS:\t999999 kB\n',
      ...files,
    },
  });
  t.after(() => tree.cleanup());
  for (const [pid, ns] of [[100, 'pid:[4026532001]'], [101, 'pid:[4026532001]'], [200, 'pid:[4026531836]']] as const) {
    const link = tree.path(`/proc/${pid}/ns/pid`);
    await mkdir(dirname(link), { recursive: true });
    await symlink(ns, link);
  }
  return tree;
}

/** The docker CLI's numbers (stats_helpers.go): CPU % and memory without inactive_file. */
function cliView(body: ReturnType<typeof statsBody>): { cpuPercent: number; memUsage: number } {
  const cpuDelta = body.cpu_stats.cpu_usage.total_usage - body.precpu_stats.cpu_usage.total_usage;
  const systemDelta = (body.cpu_stats.system_cpu_usage ?? 0) - (body.precpu_stats.system_cpu_usage ?? 0);
  const cpuPercent = systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * (body.cpu_stats.online_cpus ?? 0) * 100 : 0;
  const usage = body.memory_stats.usage ?? 0;
  const inactive = body.memory_stats.stats?.inactive_file ?? 0;
  return { cpuPercent, memUsage: inactive < usage ? usage - inactive : usage };
}

test('without a cgroup, a sample sums the container\'s processes from /proc', async (t) => {
  const tree = await hostTree(t);
  const s = await new StatsSampler(tree.host).sample(TARGET);
  assert.deepEqual(s.cpu, {
    cpu_usage: { total_usage: 100 * 10_000_000, usage_in_kernelmode: 20 * 10_000_000, usage_in_usermode: 80 * 10_000_000 },
    system_cpu_usage: 9500 * 10_000_000,
    online_cpus: 2,
    throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 },
  });
  // PSS where smaps_rollup is readable, RSS from status otherwise
  assert.deepEqual(s.memory, { usage: 3 * MIB, stats: { anon: 1.5 * MIB, file: 1.5 * MIB, shmem: 0 }, limit: 2048 * MIB });
  assert.deepEqual(s.pids, { current: 4 });
  assert.equal(s.blkio, undefined);
  assert.deepEqual(Object.keys(s.networks ?? {}), ['tap0']);
});

test('the CLI computes CPU % from two samples and shows usage / limit', async (t) => {
  const tree = await hostTree(t);
  const sampler = new StatsSampler(tree.host);
  const first = statsBody(TARGET, await sampler.sample(TARGET));
  // one second later: the container used 0.5 s of CPU out of 2 CPUs × 1 s
  await writeFile(tree.path('/proc/stat'), 'cpu  1100 0 600 8000 0 0 0 0 0 0\ncpu0 0\ncpu1 0\n');
  await writeFile(tree.path('/proc/100/stat'), procStat(100, 80, 10, 1));
  const second = statsBody(TARGET, await sampler.sample(TARGET));
  const view = cliView({ ...second, precpu_stats: first.cpu_stats });
  assert.equal(view.cpuPercent, 50);
  assert.equal(view.memUsage, 3 * MIB);
});

test('network none and host report no interfaces', async (t) => {
  const tree = await hostTree(t);
  const s = await new StatsSampler(tree.host).sample({ ...TARGET, network: 'none' });
  assert.equal(s.networks, undefined);
  assert.equal('networks' in statsBody(TARGET, s), false);
});

const CGROUP_FILES = {
  '/sys/fs/cgroup/cgroup.controllers': 'cpu memory pids io\n',
  '/proc/100/cgroup': '0::/user.slice/burrow/c0ffee\n',
  '/sys/fs/cgroup/user.slice/burrow/c0ffee/cgroup.procs': '100\n101\n',
  '/sys/fs/cgroup/user.slice/burrow/c0ffee/cpu.stat': 'usage_usec 2000\nuser_usec 1500\nsystem_usec 500\nnr_periods 4\nnr_throttled 1\nthrottled_usec 30\n',
  '/sys/fs/cgroup/user.slice/burrow/c0ffee/memory.current': '10485760\n',
  '/sys/fs/cgroup/user.slice/burrow/c0ffee/memory.max': 'max\n',
  '/sys/fs/cgroup/user.slice/burrow/c0ffee/memory.stat': 'anon 4194304\nfile 6291456\ninactive_file 2097152\n',
  '/sys/fs/cgroup/user.slice/burrow/c0ffee/memory.events': 'low 0\nhigh 0\nmax 0\noom 2\noom_kill 2\n',
  '/sys/fs/cgroup/user.slice/burrow/c0ffee/pids.current': '4\n',
  '/sys/fs/cgroup/user.slice/burrow/c0ffee/pids.max': '512\n',
  '/sys/fs/cgroup/user.slice/burrow/c0ffee/io.stat': '8:0 rbytes=4096 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n',
};

test('with a cgroup v2 of its own, the numbers are the cgroup\'s', async (t) => {
  const tree = await hostTree(t, CGROUP_FILES);
  const s = await new StatsSampler(tree.host).sample(TARGET);
  assert.deepEqual(s.cpu.cpu_usage, { total_usage: 2_000_000, usage_in_kernelmode: 500_000, usage_in_usermode: 1_500_000 });
  assert.deepEqual(s.cpu.throttling_data, { periods: 4, throttled_periods: 1, throttled_time: 30_000 });
  assert.equal(s.memory.usage, 10 * MIB);
  assert.equal(s.memory.limit, 2048 * MIB, 'no limit reports the machine\'s memory');
  assert.equal(s.memory.failcnt, 2);
  const stats = s.memory.stats ?? {};
  assert.equal(stats['inactive_file'], 2 * MIB);
  assert.equal(stats['slab'], 0, 'every key dockerd reports is there');
  assert.deepEqual(s.pids, { current: 4, limit: 512 });
  assert.deepEqual(s.blkio, [{ major: 8, minor: 0, op: 'read', value: 4096 }, { major: 8, minor: 0, op: 'write', value: 0 }]);
  assert.equal(cliView(statsBody(TARGET, s)).memUsage, 8 * MIB, 'the CLI leaves inactive_file out');
});

test('a cgroup shared with processes outside the container is not the container\'s', async (t) => {
  const tree = await hostTree(t, { ...CGROUP_FILES, '/sys/fs/cgroup/user.slice/burrow/c0ffee/cgroup.procs': '100\n101\n200\n' });
  const s = await new StatsSampler(tree.host).sample(TARGET);
  assert.equal(s.cpu.cpu_usage.total_usage, 100 * 10_000_000, 'summed from /proc');
  assert.equal(s.memory.usage, 3 * MIB);
});

test('a stopped container\'s body is dockerd\'s empty one, every struct still present', () => {
  assert.equal(JSON.stringify(statsBody({ id: 'c0ffee', name: '/web' }, undefined)), JSON.stringify({
    read: ZERO_TIME,
    preread: ZERO_TIME,
    pids_stats: {},
    blkio_stats: {
      io_service_bytes_recursive: null, io_serviced_recursive: null, io_queue_recursive: null, io_service_time_recursive: null,
      io_wait_time_recursive: null, io_merged_recursive: null, io_time_recursive: null, sectors_recursive: null,
    },
    num_procs: 0,
    storage_stats: {},
    cpu_stats: { cpu_usage: { total_usage: 0, usage_in_kernelmode: 0, usage_in_usermode: 0 }, throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 } },
    precpu_stats: { cpu_usage: { total_usage: 0, usage_in_kernelmode: 0, usage_in_usermode: 0 }, throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 } },
    memory_stats: {},
    name: '/web',
    id: 'c0ffee',
  }));
});

function counting(): { sample: (t: StatsTarget) => Promise<Sample>; count: () => number } {
  let n = 0;
  return {
    count: () => n,
    sample: () => {
      n++;
      return Promise.resolve({ read: `2026-01-01T00:00:0${n}.000Z`, pids: { current: 1 }, cpu: { cpu_usage: { total_usage: n * 1000, usage_in_kernelmode: 0, usage_in_usermode: n * 1000 }, system_cpu_usage: n * 10_000, online_cpus: 1, throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 } }, memory: { usage: 1 } });
    },
  };
}

function nth<T>(xs: T[], i: number): T {
  const x = xs[i];
  assert.ok(x !== undefined, `no item ${i}`);
  return x;
}

async function collect<T>(feed: AsyncGenerator<T>, max = 10): Promise<T[]> {
  const out: T[] = [];
  for await (const x of feed) {
    out.push(x);
    if (out.length >= max) break;
  }
  return out;
}

test('stream=false takes two samples an interval apart; precpu is the first', async () => {
  const c = counting();
  const bodies = await collect(statsFeed({ lookup: () => TARGET, sample: c.sample }, { stream: false, oneShot: false, intervalMs: 5 }));
  assert.equal(bodies.length, 1);
  const one = nth(bodies, 0);
  assert.equal(c.count(), 2);
  assert.equal(one.read, '2026-01-01T00:00:02.000Z');
  assert.equal(one.preread, '2026-01-01T00:00:01.000Z');
  assert.equal(one.precpu_stats.cpu_usage.total_usage, 1000);
  assert.equal(one.cpu_stats.cpu_usage.total_usage, 2000);
});

test('one-shot answers at once with an empty precpu', async () => {
  const c = counting();
  const bodies = await collect(statsFeed({ lookup: () => TARGET, sample: c.sample }, { stream: false, oneShot: true, intervalMs: 5 }));
  assert.equal(bodies.length, 1);
  assert.equal(nth(bodies, 0).preread, ZERO_TIME);
  assert.equal(nth(bodies, 0).precpu_stats.cpu_usage.total_usage, 0);
});

test('a stopped container gets the empty body without sampling', async () => {
  const c = counting();
  const bodies = await collect(statsFeed({ lookup: () => ({ ...TARGET, running: false }), sample: c.sample }, { stream: false, oneShot: false, intervalMs: 5 }));
  assert.equal(c.count(), 0);
  assert.equal(bodies.length, 1);
  assert.equal(nth(bodies, 0).read, ZERO_TIME);
  assert.equal(nth(bodies, 0).id, 'c0ffee');
});

test('streaming chains precpu from body to body, goes on zeroed once stopped, and ends when the container is removed', async () => {
  const c = counting();
  const states: (StatsTarget | undefined)[] = [TARGET, TARGET, { ...TARGET, running: false }, undefined];
  const bodies = await collect(statsFeed({ lookup: () => states.shift(), sample: c.sample }, { stream: true, oneShot: false, intervalMs: 1 }));
  assert.equal(bodies.length, 3);
  assert.equal(nth(bodies, 0).precpu_stats.cpu_usage.total_usage, 0);
  assert.equal(nth(bodies, 1).precpu_stats.cpu_usage.total_usage, 1000);
  assert.equal(nth(bodies, 1).preread, nth(bodies, 0).read);
  assert.equal(nth(bodies, 2).read, ZERO_TIME);
  assert.equal(nth(bodies, 2).precpu_stats.cpu_usage.total_usage, 2000);
});

test('a client that goes away ends the stream', async () => {
  const c = counting();
  const gone = new AbortController();
  const feed = statsFeed({ lookup: () => TARGET, sample: c.sample }, { stream: true, oneShot: false, intervalMs: 60_000, signal: gone.signal });
  assert.equal((await feed.next()).done, false);
  const pending = feed.next();
  gone.abort();
  assert.equal((await pending).done, true);
});
