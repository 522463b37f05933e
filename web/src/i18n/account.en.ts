import type { accountIt } from './account.it';

/** Profile and passkeys (English). */
export const accountEn: Record<keyof typeof accountIt, string> = {
  'nav.profile': 'Profile',
  'profile.title': 'Your profile',
  'profile.role': 'Role: {role}',
  'passkeys.title': 'Passkeys',
  'passkeys.intro':
    'A passkey signs you in with your device’s fingerprint, face or PIN, without a password. Your password keeps working.',
  'passkeys.empty': 'No passkey registered.',
  'passkeys.name': 'Passkey name',
  'passkeys.nameHint': 'To recognise it: “Laptop”, “Phone”.',
  'passkeys.register': 'Register a passkey',
  'passkeys.registered': 'Passkey “{name}” registered.',
  'passkeys.remove': 'Remove {name}',
  'passkeys.removed': 'Passkey “{name}” removed.',
  'passkeys.col.name': 'Name',
  'passkeys.col.registered': 'Registered on',
  'passkeys.col.used': 'Last sign-in',
  'passkeys.col.actions': 'Actions',
  'passkeys.never': 'never',
  'passkeys.unsupported': 'This browser does not support passkeys.',
  'passkeys.cancelled': 'Cancelled on the device.',
  'passkeys.exists': 'This passkey is registered already.',
  'passkeys.failed': 'The passkey did not verify: try again.',
  'signIn.passkey': 'Use a passkey',
  'signIn.or': 'or',
  'signIn.passkeyHint': 'Type your e-mail first and the browser offers only your passkeys.',
  'signIn.passkeyFailed': 'Passkey sign-in failed: the passkey is unknown or the request expired. Try again or use the password.',
};
