// The reference's message for a host port below net.ipv4.ip_unprivileged_port_start, with the
// sysctl fix naming this port, as RootlessKit rewrites EACCES (rootlesskit#192).
import { InvalidParameterError } from '../../base/errors.js';

export function privilegedPortError(port: number, unprivilegedStart: number, listenError: string): InvalidParameterError {
  return new InvalidParameterError(
    `cannot expose privileged port ${port}, you can add 'net.ipv4.ip_unprivileged_port_start=${port}' to /etc/sysctl.conf ` +
      `(currently ${unprivilegedStart}), or choose a larger port number (>= ${unprivilegedStart}): ${listenError}`,
    { code: 'BURROW_PRIVILEGED_PORT', hint: `as root: echo net.ipv4.ip_unprivileged_port_start=${port} > /etc/sysctl.d/60-burrow-ports.conf && sysctl --system` },
  );
}
