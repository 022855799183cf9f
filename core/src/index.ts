export * from './model/index.js';
export * from './rules/limits.js';
export type * from './change/types.js';
export * from './change/changeSchemas.js';
export * from './change/applyChange.js';
export * from './change/validateChange.js';
export * from './change/memberGroupCount.js';
export * from './change/memberRef.js';
export * from './plan/index.js';
