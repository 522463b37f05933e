/**
 * What other contexts may use of reports, and nothing else: the social report's approval
 * event. `test/architecture.spec.ts` refuses any other import of reports' files from outside it.
 */
export { SocialReportApproved } from './domain/social-report-approval.js';
