// Names shared by the layer applier (which writes them) and the packer (which reads them back):
// OCI whiteouts in tar form, and the markers overlay filesystems use on disk.
export const WHITEOUT_PREFIX = '.wh.';
export const OPAQUE_MARKER = '.wh..wh..opq';
/** aufs bookkeeping (`.wh..wh.plnk`, `.wh..wh.aufs`) that old images still carry. */
export const WHITEOUT_META_PREFIX = '.wh..wh.';

/** Kernel overlay in a user namespace (mounted with `userxattr`). */
export const USER_OVERLAY_OPAQUE = 'user.overlay.opaque';
/** Kernel overlay mounted by real root. */
export const TRUSTED_OVERLAY_OPAQUE = 'trusted.overlay.opaque';
/** What fuse-overlayfs falls back to when trusted.* is refused. */
export const FUSE_OVERLAY_OPAQUE = 'user.fuseoverlayfs.opaque';

const INTERNAL = ['user.overlay.', 'trusted.overlay.', 'user.fuseoverlayfs.'];

/** Attributes that belong in an image: the file's own, not the overlay's bookkeeping nor host security labels. */
export function isPortableXattr(name: string): boolean {
  if (INTERNAL.some((p) => name.startsWith(p))) return false;
  // Docker carries file capabilities and nothing else from security.*; ACLs (system.*) not at all.
  return name.startsWith('user.') || name.startsWith('trusted.') || name === 'security.capability';
}

export function isOpaqueXattrs(attrs: ReadonlyMap<string, Buffer> | undefined): boolean {
  if (attrs === undefined) return false;
  return [USER_OVERLAY_OPAQUE, TRUSTED_OVERLAY_OPAQUE, FUSE_OVERLAY_OPAQUE].some((n) => attrs.get(n)?.toString('latin1') === 'y');
}
