// The contract every port driver meets (RootlessKit's pkg/port/port.go): forward a host
// address:port into the holder's network namespace.
import type { Disposable } from '../../base/owner.js';
import type { PortSpec, PortStatus, Proto } from './spec.js';

export interface PortDriver extends Disposable {
  readonly name: string;
  readonly protos: readonly Proto[];
  add(spec: PortSpec): Promise<PortStatus>;
  list(): PortStatus[];
  remove(id: number): Promise<void>;
}
