// GET|HEAD /_ping, GET /version, GET /info.
import type { SystemService } from '../../system/index.js';
import { compareVersions } from '../api-version.js';
import { TEXT_TYPE } from '../response-headers.js';
import type { Handler } from '../router.js';

const PING_HEADERS = [
  'Cache-Control', 'no-cache, no-store, must-revalidate',
  'Pragma', 'no-cache',
  // "1" = classic builder. "2" would make CLI 20.10 use BuildKit (/session, /grpc), which we lack.
  'Builder-Version', '1',
  'Content-Type', TEXT_TYPE,
];
const PING_GET_HEADERS = [...PING_HEADERS, 'Content-Length', '2'];
const PING_HEAD_HEADERS = [...PING_HEADERS, 'Content-Length', '0'];

/** API < 1.25 listed security options by name only ("seccomp", not "name=seccomp,profile=…"). */
function namesOnly(options: string[]): string[] {
  return options.map((option) => {
    const name = option.split(',').find((kv) => kv.startsWith('name='));
    return name ? name.slice('name='.length) : option;
  });
}

export function systemHandlers(system: SystemService): Record<'ping' | 'version' | 'info', Handler> {
  return {
    ping(ex) {
      // No I/O and no allocation beyond the response: clients ping before every command.
      if (ex.req.method === 'HEAD') {
        ex.writeHead(200, PING_HEAD_HEADERS);
        ex.res.end();
      } else {
        ex.writeHead(200, PING_GET_HEADERS);
        ex.res.end('OK');
      }
    },
    version(ex) {
      ex.json(200, system.version());
    },
    async info(ex) {
      const info = await system.info();
      if (compareVersions(ex.apiVersion, '1.25') < 0) {
        ex.json(200, { ...info, SecurityOptions: namesOnly(info.SecurityOptions), ExecutionDriver: '<not supported>' });
        return;
      }
      ex.json(200, info);
    },
  };
}
