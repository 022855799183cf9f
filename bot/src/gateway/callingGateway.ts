import type { CallingSettings, SettingsWrite, Tenant } from '@cgm/core';

/**
 * The port to where the truth lives: Microsoft Teams' calling settings. Services read
 * and write Teams only through this interface; the adapters are `local` (the embedded
 * tenant in our own database, for development, the demo and tests) and `teams` (the
 * MicrosoftTeams PowerShell module in a long-lived worker).
 */
export interface CallingGateway {
  readonly kind: 'local' | 'teams';
  /** Resolves when the gateway can serve calls (the worker is connected, the tables exist). */
  ready(): Promise<void>;
  /** The tenant's directory, policies, resource accounts and numbers, without calling settings (those are read per user). */
  readDirectory(): Promise<Omit<Tenant, 'callingSettings'>>;
  /** Get-CsUserCallingSettings for one user. */
  readSettings(identity: string): Promise<CallingSettings>;
  /**
   * One settings-group write (Set-CsUserCallingSettings or a delegate cmdlet). Writes are
   * whole settings groups, so applying the same write twice leaves Teams as once: the
   * apply worker relies on that to be at most once in effect after a crash.
   */
  applyWrite(write: SettingsWrite): Promise<void>;
  close(): Promise<void>;
}

/** What kind of failure a gateway call met, so callers know whether to retry. */
export type GatewayErrorKind = 'throttled' | 'transient' | 'rejected' | 'not-found';

/** The typed errors of every gateway adapter. */
export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  constructor(
    readonly kind: GatewayErrorKind,
    message: string,
    /** For `throttled`: how long the service asked us to wait. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Throttling and transient failures are worth retrying; a rejection or a missing user is final. */
  get retryable(): boolean {
    return this.kind === 'throttled' || this.kind === 'transient';
  }
}
