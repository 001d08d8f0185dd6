// This host's platform in Go's terms (GOOS/GOARCH/GOARM), and `--platform os/arch[/variant]`.
import { InvalidParameterError } from '../base/errors.js';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

const GO_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };

export function hostPlatform(requested = ''): Platform {
  if (requested !== '') {
    const [os, architecture, variant] = requested.toLowerCase().split('/');
    if (!os || !architecture) throw new InvalidParameterError(`"${requested}": unknown operating system or architecture: invalid argument`);
    return { os, architecture, ...(variant ? { variant } : {}) };
  }
  const architecture = GO_ARCH[process.arch] ?? process.arch;
  return { os: 'linux', architecture, ...(architecture === 'arm64' ? { variant: 'v8' } : {}) };
}
