export * from './model/index.js';
export * from './rules/limits.js';
export type * from './change/types.js';
