/**
 * The social report (bilancio sociale, D.Lgs. 112/2017 art. 9 c. 2) of a year, laid out by
 * the sections of the guidelines (DM 4 luglio 2019), one file per section under `sections/`.
 * Every figure names the API report it is read from (path and field), the event types behind
 * that report and the period of those events, so an auditor can trace it
 * (`GET /reports/social/{year}/figures/{key}` lists the events); a figure that cannot be
 * computed is `null` and prints as "non rilevato", never as 0.
 */
import { keyFigures } from './social-report.figures.js';
import type { SocialReport, SocialReportSources } from './social-report.types.js';
import { activitiesSection } from './sections/activities.js';
import { controlSection, economySection } from './sections/economy.js';
import { generalSection, methodSection } from './sections/general.js';
import { governanceSection } from './sections/governance.js';
import { peopleSection } from './sections/people.js';

export * from './social-report.types.js';
export { formatFigure, formatNumber } from './social-report.format.js';
export { readField } from './social-report.figures.js';

/** Builds the report of a year from the API reports of that year (pure: same sources, same report). */
export const buildSocialReport = (s: SocialReportSources): SocialReport => {
  const sections = [
    methodSection(s),
    generalSection(s),
    governanceSection(s),
    peopleSection(s),
    activitiesSection(s),
    economySection(s),
    controlSection(),
  ];
  keyFigures(sections);
  return { year: s.year, title: `Bilancio sociale ${s.year}`, sections };
};
