// Messages from the egress proxy's child (in the containers' network namespace) to the parent
// (in the host's): each carries an accepted container connection and where it was going.
export interface EgressConnection {
  host: string;
  port: number;
}

/** The port the child listens on inside the namespace, where the engine's nft rules redirect to. */
export const EGRESS_PROXY_PORT = 65532;
