// The package version: package.json is the one place to change it.
import { packageVersion } from '../base/install-layout.js';

export const BURROW_VERSION = packageVersion();
