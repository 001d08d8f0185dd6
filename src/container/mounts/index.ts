// Bind mounts, volumes and tmpfs of a container: -v, --mount and VOLUME, planned and mounted.
export { createMountPlanner } from './planner.js';
