import { z } from 'zod';

const B64url = z
  .string()
  .regex(/^[A-Za-z0-9_-]*$/, 'not base64url')
  .max(20_000);
const CredentialId = z.string().regex(/^[A-Za-z0-9_-]{16,1400}$/, 'not a credential id');
const Transports = z.array(z.enum(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'])).max(7);

/** What `navigator.credentials.create()` answered, as `@simplewebauthn/browser` serialises it. */
const RegistrationResponse = z.object({
  id: CredentialId,
  rawId: CredentialId,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: B64url,
    attestationObject: B64url,
    authenticatorData: B64url.optional(),
    transports: z.array(z.string().max(20)).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: B64url.optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
});

/** What `navigator.credentials.get()` answered, as `@simplewebauthn/browser` serialises it. */
const AuthenticationResponse = z.object({
  id: CredentialId,
  rawId: CredentialId,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: B64url,
    authenticatorData: B64url,
    signature: B64url,
    userHandle: B64url.optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
});

export const PasskeyName = z.string().trim().min(1).max(100).describe('The name the person gives it ("Portatile", "Telefono")');

export const RegisterPasskeyBody = z.object({ name: PasskeyName, response: RegistrationResponse });
export const PasskeySignInOptionsBody = z.object({
  login: z
    .string()
    .trim()
    .toLowerCase()
    .min(3)
    .max(200)
    .optional()
    .describe('Without it, the browser offers the passkeys it holds for this site (discoverable)'),
});
export const PasskeySignInBody = z.object({ response: AuthenticationResponse });
export const PasskeyParams = z.object({ credentialId: CredentialId });
export const AccountPasskeyParams = z.object({
  accountId: z.string().regex(/^acct_[0-9a-z_]{1,64}$/, 'not an account id'),
  credentialId: CredentialId,
});

/** WebAuthn options for the browser (PublicKeyCredentialCreationOptionsJSON / RequestOptionsJSON). */
export const CeremonyOptions = z
  .object({ challenge: z.string(), rpId: z.string().optional(), timeout: z.number().optional() })
  .catchall(z.unknown())
  .describe('Hand to @simplewebauthn/browser (startRegistration / startAuthentication) as optionsJSON');

export const PasskeyView = z.object({
  credentialId: z.string(),
  name: z.string(),
  transports: Transports,
  registeredAt: z.string(),
  lastUsedAt: z.string().nullable(),
});

export const PasskeyWritten = z.object({ credentialId: z.string(), position: z.string().nullable() });
