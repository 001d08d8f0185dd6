// Messages between the builtin driver's parent (host network namespace) and its child (inside the
// holder's network namespace), over Node's IPC channel, which also carries the sockets back.
export interface DialRequest {
  id: number;
  proto: 'tcp' | 'udp';
  host: string;
  port: number;
  /** The client's address on the host, which the container is shown as the source. */
  client: string;
}

export interface DialReply {
  id: number;
  error?: string;
}

/** The child's settings, in its environment. */
export const LOOPBACK_AS_ENV = 'BURROW_PORT_LOOPBACK_AS';
