// The /images endpoints and POST /auth. Streams (pull, push, load, import) answer 200 and report
// failures in-band once output has started, as dockerd does; before that, errors get their status.
import { InvalidParameterError, NotImplementedError } from '../../base/errors.js';
import { errorMessage } from '../../base/errors.js';
import { flag, readJson } from './params.js';
import type { EventLog } from '../../events/event-log.js';
import { familiarString, parseReference } from '../../reference/index.js';
import { ProgressWriter, type ImageApi } from '../../image/index.js';
import { compareVersions } from '../api-version.js';
import type { Exchange } from '../exchange.js';
import type { Handler } from '../router.js';

const STREAM_HEADERS = ['Content-Type', 'application/json'];

function authHeader(ex: Exchange): string | undefined {
  const v = ex.req.headers['x-registry-auth'];
  return Array.isArray(v) ? v[0] : v;
}

/** Starts a 200 JSON message stream; a failure after this point is sent as an errorDetail message. */
async function stream(ex: Exchange, run: (out: ProgressWriter) => Promise<void>): Promise<void> {
  ex.writeHead(200, STREAM_HEADERS);
  const out = new ProgressWriter((line) => ex.res.write(line));
  try {
    await run(out);
  } catch (err) {
    out.error(errorMessage(err));
  }
  ex.res.end();
}

export function imageHandlers(images: ImageApi, events?: EventLog): Record<string, Handler> {
  const emit = (action: string, id: string): void => { events?.emit('image', action, id, { name: id }); };
  return {
    async list(ex) {
      const list = await images.list(ex.query.get('filters'));
      // API < 1.41 had no VirtualSize removal; newer clients ignore it either way
      ex.json(200, list);
    },

    async inspect(ex) {
      ex.json(200, await images.inspect(ex.params.name ?? ''));
    },

    async history(ex) {
      ex.json(200, await images.history(ex.params.name ?? ''));
    },

    async tag(ex) {
      const repo = ex.query.get('repo') ?? '';
      const tag = ex.query.get('tag') ?? '';
      await images.tag(ex.params.name ?? '', repo, tag);
      emit('tag', familiarString(parseReference(`${repo}:${tag === '' ? 'latest' : tag}`)));
      ex.empty(201);
    },

    async remove(ex) {
      const removed = await images.remove(ex.params.name ?? '', { force: flag(ex, 'force'), noprune: flag(ex, 'noprune') });
      for (const item of removed) {
        if ('Untagged' in item) emit('untag', item.Untagged);
        else emit('delete', item.Deleted);
      }
      ex.json(200, removed);
    },

    async prune(ex) {
      ex.json(200, await images.prune(ex.query.get('filters')));
    },

    async create(ex) {
      const fromSrc = ex.query.get('fromSrc');
      if (fromSrc !== null) {
        if (fromSrc !== '-') throw new NotImplementedError('importing from a URL is not supported; send the archive in the request body (fromSrc=-)');
        const repo = ex.query.get('repo') ?? '';
        const tag = ex.query.get('tag') ?? '';
        const changes = ex.query.getAll('changes');
        const message = ex.query.get('message') ?? '';
        await stream(ex, async (out) => {
          const id = await images.importImage(ex.req, { repo, tag, changes, message, platform: ex.query.get('platform') ?? '' });
          out.send({ status: id });
        });
        return;
      }
      const fromImage = ex.query.get('fromImage');
      if (fromImage === null || fromImage === '') throw new InvalidParameterError('fromImage or fromSrc is required');
      const tag = ex.query.get('tag') ?? '';
      const name = tag === '' ? fromImage : tag.startsWith('sha256:') ? `${fromImage}@${tag}` : `${fromImage}:${tag}`;
      const pull = await images.preparePull(name, { authHeader: authHeader(ex), platform: ex.query.get('platform') ?? '' });
      await stream(ex, async (out) => {
        await pull.run(out);
        emit('pull', name);
      });
    },

    async push(ex) {
      const name = ex.params.name ?? '';
      const tag = ex.query.get('tag') ?? '';
      const push = await images.preparePush(tag === '' ? name : `${name}:${tag}`, { authHeader: authHeader(ex) });
      await stream(ex, (out) => push.run(out));
    },

    async save(ex) {
      const names = ex.params.name !== undefined ? [ex.params.name] : ex.query.getAll('names');
      const tar = await images.save(names);
      ex.writeHead(200, ['Content-Type', 'application/x-tar']);
      tar.on('error', () => ex.res.destroy());
      tar.pipe(ex.res);
    },

    async load(ex) {
      const quiet = flag(ex, 'quiet');
      await stream(ex, async (out) => {
        for (const line of await images.load(ex.req, (msg) => { if (!quiet) out.send(msg); })) out.send({ stream: `${line}\n` });
      });
    },

    search() {
      throw new NotImplementedError('Search is not supported by burrow: it has no default registry index to search; browse the registry instead');
    },

    async auth(ex) {
      const body = await readJson(ex);
      if (typeof body !== 'object' || body === null) throw new InvalidParameterError('invalid JSON body: not an object');
      ex.json(200, await images.login(body as Record<string, unknown>));
    },

    async distribution(ex) {
      if (compareVersions(ex.apiVersion, '1.30') < 0) throw new InvalidParameterError('distribution inspect requires API version 1.30');
      ex.json(200, await images.distribution(ex.params.name ?? '', authHeader(ex)));
    },
  };
}
