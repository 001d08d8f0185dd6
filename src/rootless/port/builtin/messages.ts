// Messages between the builtin driver's parent (host network namespace) and its child (inside the
// holder's network namespace), over Node's IPC channel, which can also carry the dialled socket.
export interface DialRequest {
  id: number;
  host: string;
  port: number;
}

export interface DialReply {
  id: number;
  error?: string;
}
