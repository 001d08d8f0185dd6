// Messages between the engine and the socket binder in its network namespace.
export interface BindRequest {
  id: number;
  kind: 'udp' | 'tcp';
  host: string;
  port: number;
}

export interface BindReply {
  id: number;
  error?: string;
}
