// Bridges of user-defined networks come with the embedded DNS on their gateway's port 53, where
// each container's 127.0.0.11 is redirected (netns/endpoint.ts). The default bridge has none, as
// with dockerd.
import { errorMessage } from '../base/errors.js';
import type { Logger } from '../base/log.js';
import type { EmbeddedDns } from './dns/index.js';
import { bindInNetns } from './netns/socket-binder.js';
import type { BridgeParams, BridgePlumbing } from './types.js';

export const DEFAULT_BRIDGE = 'docker0';

export class BridgesWithDns implements BridgePlumbing {
  private readonly serving = new Map<string, Promise<void>>();

  constructor(private readonly inner: BridgePlumbing, private readonly dns: EmbeddedDns, private readonly netns: string, private readonly logger: Logger) {}

  async ensureBridge(params: BridgeParams): Promise<void> {
    await this.inner.ensureBridge(params);
    if (params.bridge === DEFAULT_BRIDGE || this.serving.has(params.bridge)) return;
    const serving = bindInNetns(this.netns, [
      { kind: 'udp', host: params.gateway, port: 53 },
      { kind: 'tcp', host: params.gateway, port: 53 },
    ]).then(([udp, tcp]) => { this.dns.serve(params.bridge, { udp, tcp }); });
    this.serving.set(params.bridge, serving);
    // a network without name resolution still carries traffic: the failure is logged, not fatal
    await serving.catch((err: unknown) => {
      this.serving.delete(params.bridge);
      this.logger.warn('the embedded DNS could not start on a network', { bridge: params.bridge, error: errorMessage(err) });
    });
  }

  async removeBridge(params: BridgeParams): Promise<void> {
    if (this.serving.delete(params.bridge)) this.dns.close(params.bridge);
    await this.inner.removeBridge(params);
  }
}
