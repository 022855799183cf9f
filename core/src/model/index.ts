export * from './tenant.js';
export * from './identity.js';
export * from './finding.js';
export * from './result.js';
export * from './lookup.js';
