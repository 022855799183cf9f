import { LOCAL_GATEWAY_SQL } from '../../gateway/local/localGatewaySchema.js';

/** The embedded stand-in for Teams' own store of calling settings, used by the `local` gateway. */
export const localGatewaySchema = LOCAL_GATEWAY_SQL;
