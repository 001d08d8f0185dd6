// The engine's client for $STATE/api.sock (≈ moby's rlkclient): later issues publish container
// ports through it.
import { request } from 'node:http';
import { classOf, ConflictError, InvalidParameterError, NotFoundError, SystemError } from '../../base/errors.js';
import type { PortSpec, PortStatus } from '../port/spec.js';
import type { RootlessInfo } from './types.js';

export class RootlessApiClient {
  constructor(private readonly socketPath: string) {}

  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        { socketPath: this.socketPath, method, path, headers: payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {} },
        (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (d: string) => (text += d));
          res.on('end', () => {
            const status = res.statusCode ?? 500;
            const parsed: unknown = text ? JSON.parse(text) : undefined;
            if (status < 300) {
              resolve(parsed as T);
              return;
            }
            const message = (parsed as { message?: string } | undefined)?.message ?? `HTTP ${status}`;
            if (status === 404) reject(new NotFoundError(message));
            else if (status === 400) reject(message.startsWith('conflict') ? new ConflictError(message) : new InvalidParameterError(message));
            else reject(new SystemError(message));
          });
        },
      );
      req.on('error', (err) => { reject(classOf(err) ?? new SystemError(`rootless API ${this.socketPath}: ${err.message}`, { cause: err })); });
      req.end(payload);
    });
  }

  info(): Promise<RootlessInfo> {
    return this.call('GET', '/v1/info');
  }

  listPorts(): Promise<PortStatus[]> {
    return this.call('GET', '/v1/ports');
  }

  addPort(spec: PortSpec): Promise<PortStatus> {
    return this.call('POST', '/v1/ports', spec);
  }

  async removePort(id: number): Promise<void> {
    await this.call('DELETE', `/v1/ports/${id}`);
  }
}
