export { parseSnapshot, parseSnapshotText, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, SUPPORTED_SNAPSHOT_VERSIONS } from './snapshotParser.js';
export { toSnapshotDocument } from './snapshotDocument.js';
export type { SnapshotDocument } from './snapshotDocument.js';
export { formatProblem, MAX_SNAPSHOT_PROBLEMS } from './snapshotProblems.js';
export type { SnapshotProblemCode } from './snapshotProblems.js';
