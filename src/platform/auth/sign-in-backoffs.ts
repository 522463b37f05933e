import type { Runtime } from '../runtime.js';
import { SignInBackoff } from './sign-in-backoff.js';

export interface SignInBackoffs {
  /** Per account: three free failures. */
  account: SignInBackoff;
  /** Per address (an office may share one): twenty. */
  address: SignInBackoff;
}

const shared = new WeakMap<Runtime, SignInBackoffs>();

/**
 * The one pair of backoffs of a running service, so that a password and a passkey sign-in
 * count their failures together: guessing cannot switch doors to start afresh.
 */
export function signInBackoffs(runtime: Runtime): SignInBackoffs {
  let backoffs = shared.get(runtime);
  if (!backoffs) {
    backoffs = {
      account: new SignInBackoff(runtime.readModels, runtime.clock, 'account', 3),
      address: new SignInBackoff(runtime.readModels, runtime.clock, 'address', 20),
    };
    shared.set(runtime, backoffs);
  }
  return backoffs;
}
