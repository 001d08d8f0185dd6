// RootlessKit's REST API types (docs/api.md, API 1.1.1), so rootlessctl and its clients work.
import type { PortStatus, Proto } from '../port/spec.js';

export const ROOTLESS_API_VERSION = '1.1.1';

export interface RootlessInfo {
  apiVersion: string;
  version: string;
  stateDir: string;
  childPID: number;
  networkDriver?: { driver: string; dns: string[]; childIP?: string };
  portDriver?: { driver: string; protos: Proto[]; disallowLoopbackChildIP?: boolean };
}

export type { PortStatus };
