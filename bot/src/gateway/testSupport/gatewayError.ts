import { GatewayError } from '../callingGateway.js';

/** Test support: the GatewayError a gateway call fails with; any other outcome fails the test. */
export async function gatewayError(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}
