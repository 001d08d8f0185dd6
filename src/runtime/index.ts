// The low-level runtime layer: conmon as each container's monitor, runc for state changes.
export { createContainer, type CreateOptions } from './create.js';
export { ExecStartError, spawnExec, type ExecRun, type ProcessSpec } from './exec.js';
export { startContainer, killContainer, deleteContainer, state, type RuntimeRef, type OciState } from './oci.js';
export { readExitCode, waitExit, exitFilePath } from './exit-file.js';
export { parseLog, parseLogLine, type LogRecord } from './k8s-log.js';
export { conmonPaths, type ConmonBase } from './conmon.js';
export { forwardStdin, type StdinForward } from './attach.js';
