import { initialSchema } from './001_initial.js';
import { localGatewaySchema } from './002_local_gateway.js';
import { botSchema } from './003_bot.js';
import { applyOrderSchema } from './004_apply_order.js';
import { sentNoticesActivitySchema } from './005_sent_notices_activity.js';
import { preferencesSchema } from './006_preferences.js';
import { problemSnoozesSchema } from './007_problem_snoozes.js';
import { heldNoticesSchema } from './008_held_notices.js';
import { syncProgressSchema } from './009_sync_progress.js';
import { coversSchema } from './010_covers.js';
import { syncColdSchema } from './011_sync_cold.js';
import { syncDirectoryUsersSchema } from './012_sync_directory_users.js';

/** One schema change: applied once, in id order, and recorded in schema_migrations by its id. */
export interface Migration {
  /** `NNN_name`; never rename or reorder a migration once released. */
  readonly id: string;
  readonly sql: string;
}

/**
 * Every migration, oldest first. They are TypeScript modules rather than .sql files
 * because tsc copies only .ts output into dist.
 */
export const MIGRATIONS: readonly Migration[] = [
  { id: '001_initial', sql: initialSchema },
  { id: '002_local_gateway', sql: localGatewaySchema },
  { id: '003_bot', sql: botSchema },
  { id: '004_apply_order', sql: applyOrderSchema },
  { id: '005_sent_notices_activity', sql: sentNoticesActivitySchema },
  { id: '006_preferences', sql: preferencesSchema },
  { id: '007_problem_snoozes', sql: problemSnoozesSchema },
  { id: '008_held_notices', sql: heldNoticesSchema },
  { id: '009_sync_progress', sql: syncProgressSchema },
  { id: '010_covers', sql: coversSchema },
  { id: '011_sync_cold', sql: syncColdSchema },
  { id: '012_sync_directory_users', sql: syncDirectoryUsersSchema },
];
