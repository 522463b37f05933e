import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
  WebAuthnError,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import { api, ApiProblem, must, type Person } from '../../api/client';

export const passkeysSupported = () => browserSupportsWebAuthn();

/** Why a ceremony did not end in a passkey: the person cancelled, it exists already, or it failed. */
export type PasskeyFailure = 'cancelled' | 'exists' | 'failed';

const failureOf = (error: unknown): PasskeyFailure => {
  if (error instanceof WebAuthnError && error.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') return 'exists';
  if (error instanceof ApiProblem && error.problem.code === 'PASSKEY_EXISTS') return 'exists';
  if (error instanceof Error && error.name === 'NotAllowedError') return 'cancelled';
  if (error instanceof WebAuthnError && error.cause instanceof Error && error.cause.name === 'NotAllowedError')
    return 'cancelled';
  return 'failed';
};

/** Registers a passkey on this device under a name: options from the service, the device signs, the service records it. */
export async function registerPasskey(name: string): Promise<{ position: string | null } | PasskeyFailure> {
  try {
    const options = await must(api.POST('/auth/passkeys/registration-options'));
    const response = await startRegistration({ optionsJSON: options as unknown as PublicKeyCredentialCreationOptionsJSON });
    const written = await must(api.POST('/auth/passkeys', { body: { name, response: response as never } }));
    return { position: written.position };
  } catch (error) {
    return failureOf(error);
  }
}

/** Signs in with a passkey: the person's own when a login is given, any of this site's otherwise. */
export async function signInWithPasskey(login: string): Promise<Person | PasskeyFailure> {
  try {
    const options = await must(api.POST('/auth/passkeys/sign-in-options', { body: login ? { login } : {} }));
    const response = await startAuthentication({ optionsJSON: options as unknown as PublicKeyCredentialRequestOptionsJSON });
    return await must(api.POST('/auth/passkeys/sign-in', { body: { response: response as never } }));
  } catch (error) {
    return failureOf(error);
  }
}
