export { generateTenant, synthesizeTenant, DEFAULT_CAPTURED_AT, DEFAULT_DEFECT_RATE } from './tenantGenerator.js';
export type { GenerateTenantOptions, SyntheticTenant } from './tenantGenerator.js';
export { DEFECT_KINDS, DEFECT_KIND_LIST } from './defects.js';
export type { DefectKind, InjectedDefect } from './defects.js';
export { createRandom } from './random.js';
export type { Random } from './random.js';
