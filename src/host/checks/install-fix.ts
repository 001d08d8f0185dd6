// "Install package X" in the words of the host's package manager; package names differ per family
// (uidmap is shadow-utils on Fedora), so callers give the Debian name plus any exceptions.
import type { HostPaths } from '../host-paths.js';
import { packageFamily, readOsRelease, type PackageFamily } from '../os-release.js';

export type PackageNames = { apt: string } & Partial<Record<Exclude<PackageFamily, 'apt'>, string>>;

const COMMAND: Record<PackageFamily, string> = {
  apt: 'sudo apt-get install -y',
  dnf: 'sudo dnf install -y',
  zypper: 'sudo zypper install -y',
  pacman: 'sudo pacman -S --noconfirm',
};

export async function installFix(host: HostPaths, names: PackageNames): Promise<string> {
  const family = packageFamily(await readOsRelease(host));
  if (family === undefined) return `# install the package that provides it (Debian/Ubuntu: ${names.apt}) with your package manager`;
  return `${COMMAND[family]} ${names[family] ?? names.apt}`;
}
