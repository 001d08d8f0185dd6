// Bundles each process entry of burrow into dist/bundle (shared code split into chunks), so a
// process loads a handful of files instead of ~70 modules: that was a third of the daemon's start.
// `npm run build` runs tsc first (type-check and the per-module output the tests import).
import { build } from 'esbuild';

await build({
  entryPoints: {
    burrow: 'src/main.ts',
    engine: 'src/daemon/engine-main.ts',
    'port-child': 'src/rootless/port/builtin/child-main.ts',
  },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // CommonJS inside (require of node builtins), which an ESM bundle cannot host; it loads from
  // node_modules, and only when the engine first talks to a registry
  external: ['undici'],
  logLevel: 'warning',
});
