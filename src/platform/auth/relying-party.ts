import type { Request } from 'express';
import type { AppConfig } from '../config/config.js';

export interface RelyingParty {
  /** The web app's origin the browser must report (`https://soci.example.coop`). */
  origin: string;
  /** The host name the passkeys are bound to. */
  rpID: string;
  name: string;
}

/**
 * Who the passkeys belong to: `COOP_PUBLIC_URL` when configured (behind a proxy, the only
 * trustworthy answer), otherwise the host the request was served on.
 */
export function relyingParty(config: Pick<AppConfig, 'publicUrl'>, request: Request): RelyingParty {
  const origin = config.publicUrl ?? `${request.protocol}://${request.header('host') ?? 'localhost'}`;
  return { origin, rpID: new URL(origin).hostname, name: 'Registri della cooperativa' };
}
