import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMemTotal, parseNetDev, parseProcStat, parseSmapsRollup, parseStatusMemory, parseSystemCpu } from '../../../../src/container/procs/proc-files.js';

test('parseProcStat: user and system ticks with reaped children, in ns, and the thread count', () => {
  // comm with a space and a parenthesis: fields are counted from the last ')'
  const stat = '4242 (my (odd) name) R 4240 4242 4242 0 -1 4194560 120 0 0 0 150 25 7 3 20 0 2 0 123456 1234567 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0';
  assert.deepEqual(parseProcStat(stat), { userNs: (150 + 7) * 10_000_000, systemNs: (25 + 3) * 10_000_000, threads: 2 });
  assert.equal(parseProcStat('garbage'), undefined);
});

test('parseSystemCpu: the cpu line\'s first seven fields in ns, and one CPU per cpuN line', () => {
  const text = `cpu  100 2 30 4000 5 6 7 8 0 0
cpu0 50 1 15 2000 2 3 3 4 0 0
cpu1 50 1 15 2000 3 3 4 4 0 0
intr 12345 0 0
ctxt 999
`;
  assert.deepEqual(parseSystemCpu(text), { usageNs: (100 + 2 + 30 + 4000 + 5 + 6 + 7) * 10_000_000, onlineCpus: 2 });
  assert.equal(parseSystemCpu('intr 1\n'), undefined);
});

test('parseMemTotal reads MemTotal in bytes', () => {
  assert.equal(parseMemTotal('MemTotal:        8039124 kB\nMemFree:         1234 kB\n'), 8039124 * 1024);
  assert.equal(parseMemTotal('MemFree: 1 kB\n'), undefined);
});

test('smaps_rollup gives proportional sizes; status the resident ones', () => {
  const rollup = `00400000-7ffd1234000 ---p 00000000 00:00 0                          [rollup]
Rss:                 980 kB
Pss:                 412 kB
Pss_Dirty:            88 kB
Pss_Anon:             80 kB
Pss_File:            332 kB
Pss_Shmem:             0 kB
Shared_Clean:        900 kB
`;
  assert.deepEqual(parseSmapsRollup(rollup), { usage: 412 * 1024, anon: 80 * 1024, file: 332 * 1024, shmem: 0 });
  const status = 'Name:\tsleep\nVmRSS:\t     980 kB\nRssAnon:\t      80 kB\nRssFile:\t     900 kB\nRssShmem:\t       0 kB\nThreads:\t1\n';
  assert.deepEqual(parseStatusMemory(status), { usage: 980 * 1024, anon: 80 * 1024, file: 900 * 1024, shmem: 0 });
  // a kernel thread has no VmRSS
  assert.equal(parseStatusMemory('Name:\tkthreadd\nThreads:\t1\n'), undefined);
});

test('parseNetDev: counters per interface, loopback left out', () => {
  const text = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:    1000      10    0    0    0     0          0         0     1000      10    0    0    0     0       0          0
  tap0: 5000 40 1 2 0 0 0 0 7000 50 3 4 0 0 0 0
`;
  assert.deepEqual(parseNetDev(text), {
    tap0: { rx_bytes: 5000, rx_packets: 40, rx_errors: 1, rx_dropped: 2, tx_bytes: 7000, tx_packets: 50, tx_errors: 3, tx_dropped: 4 },
  });
});
