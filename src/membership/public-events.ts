/**
 * Membership's events, and the member views other contexts' projectors fold from them: the
 * part of its public file (`public.ts`, which re-exports it) that loads no handler, controller
 * or NestJS, so another context's event schemas and projectors (and the catch-up thread, which
 * loads the projectors alone) load no more than these.
 */
export * from './domain/membership-events.js';
/** The member views other contexts keep of their own (governance's, work's). */
export { MEMBER_CHANGE_TYPES, memberViewHandlers, type MemberFold, type MemberViewDoc } from './projections/member-view.js';
