import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE_RELEASE } from '../../../src/system/index.js';
import { buildVersionBody } from '../../../src/system/version-body.js';
import { TEST_HOST, testFacts } from './fixtures.js';

test('/version has dockerd 24.0.9 shape with Burrow and rootless components', () => {
  assert.deepEqual(buildVersionBody(testFacts(), TEST_HOST, ENGINE_RELEASE), {
    Platform: { Name: 'Burrow' },
    Components: [
      {
        Name: 'Engine',
        Version: '24.0.9',
        Details: {
          ApiVersion: '1.43',
          Arch: 'amd64',
          BuildTime: '2024-05-01T00:00:00.000Z',
          Experimental: 'false',
          GitCommit: 'bbe2348',
          GoVersion: 'node20.20.2',
          KernelVersion: '6.1.0-18-amd64',
          MinAPIVersion: '1.24',
          Os: 'linux',
        },
      },
      { Name: 'Burrow', Version: '0.1.0', Details: { GitCommit: 'bbe2348' } },
      {
        Name: 'rootlesskit',
        Version: '0.1.0',
        Details: { NetworkDriver: 'slirp4netns', PortDriver: 'builtin', StateDir: '/run/user/1000/dockerd-rootless' },
      },
    ],
    Version: '24.0.9',
    ApiVersion: '1.43',
    MinAPIVersion: '1.24',
    GitCommit: 'bbe2348',
    GoVersion: 'node20.20.2',
    Os: 'linux',
    Arch: 'amd64',
    KernelVersion: '6.1.0-18-amd64',
    BuildTime: '2024-05-01T00:00:00.000Z',
  });
});

test('/version lists runtime, init and network driver versions when they are known', () => {
  const facts = testFacts({
    runtimes: { crun: { path: '/usr/bin/crun', version: { version: '1.8.1', commit: 'f8a096b' } }, runc: { path: 'runc' } },
    defaultRuntime: 'crun',
    init: { binary: 'docker-init', version: { version: '0.19.0', commit: 'de40ad0' } },
    rootless: {
      networkDriver: 'slirp4netns',
      networkDriverVersion: { version: '1.2.0', commit: '656041d' },
      portDriver: 'builtin',
      stateDir: '/run/user/1000/dockerd-rootless',
    },
    experimental: true,
  });
  const body = buildVersionBody(facts, TEST_HOST, ENGINE_RELEASE);
  assert.deepEqual(
    body.Components.map((c) => [c.Name, c.Version, c.Details?.GitCommit]),
    [
      ['Engine', '24.0.9', 'bbe2348'],
      ['Burrow', '0.1.0', 'bbe2348'],
      ['crun', '1.8.1', 'f8a096b'],
      ['docker-init', '0.19.0', 'de40ad0'],
      ['rootlesskit', '0.1.0', undefined],
      ['slirp4netns', '1.2.0', '656041d'],
    ],
  );
  assert.equal(body.Experimental, true);
  assert.equal(body.Components[0]?.Details?.Experimental, 'true');
});

test('every component detail is a string, as moby decodes them into map[string]string', () => {
  const body = buildVersionBody(testFacts({ gitCommit: undefined, buildTime: undefined }), TEST_HOST, ENGINE_RELEASE);
  for (const component of body.Components) {
    for (const value of Object.values(component.Details ?? {})) assert.equal(typeof value, 'string', component.Name);
  }
  assert.equal(body.GitCommit, '');
  assert.equal(body.BuildTime, '');
});
