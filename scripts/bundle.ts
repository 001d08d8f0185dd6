// Bundles each process entry of burrow into dist/bundle (shared code split into chunks), so a
// process loads a handful of files instead of ~70 modules: that was a third of the daemon's start.
// `npm run build` runs tsc first (type-check and the per-module output the tests import).
import { build } from 'esbuild';

await build({
  entryPoints: {
    burrow: 'src/main.ts',
    engine: 'src/daemon/engine-main.ts',
    'port-child': 'src/rootless/port/builtin/child-main.ts',
    'netns-bind': 'src/network/netns/bind-child.ts',
  },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // CommonJS inside (require of node builtins), which an ESM bundle cannot host; they load from
  // node_modules, and only when first used (a registry, a user network's DNS)
  external: ['undici', 'dns-packet'],
  logLevel: 'warning',
});
