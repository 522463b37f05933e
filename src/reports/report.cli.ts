import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { WithRuntime } from '../audit/public.js';

const yearOf = (value: string): number => {
  const year = Number(value);
  if (!Number.isInteger(year) || year < 1900 || year > 2999) throw new InvalidArgumentError('a year such as 2025');
  return year;
};

/**
 * `coop report social --year Y --out FILE`: the social report as the service prints it (the
 * approved document once the assembly approved it, else a draft as of now), PDF/A or HTML.
 */
export function reportCommands(program: Command, withRuntime: WithRuntime): Command {
  const report = program.command('report').description('print the cooperative’s reports');
  report
    .command('social')
    .description('the social report of a year (bilancio sociale, DM 4/7/2019), as PDF/A or HTML')
    .requiredOption('--year <year>', 'the year reported on', yearOf)
    .requiredOption('--out <file>', 'where to write the document')
    .option('--format <format>', 'pdf or html', 'pdf')
    .action(async (options: { year: number; out: string; format: string }) => {
      const { writeFile } = await import('node:fs/promises');
      const { withCaughtUpApp } = await import('./cli-app.js');
      const { buildSocialReport } = await import('./domain/social-report.js');
      const { socialReportHtml, renderSocialReportPdf } = await import('./domain/social-report.render.js');
      const { SOCIAL_REPORT_CSS } = await import('./domain/social-report.style.js');
      const { socialReportDecider, socialReportStream } = await import('./domain/social-report-approval.js');
      const { SocialReportSourceReader } = await import('./social-report.sources.js');
      const { CommandProcessor } = await import('../platform/commands/command-processor.js');
      // The app starts the projections, then the report waits for them (the other order waited
      // for projections that nothing ran, up to the whole timeout).
      await withRuntime(
        (runtime) =>
          withCaughtUpApp(runtime, async (app) => {
            const started = Date.now();
            if (options.format === 'html') {
              const built = buildSocialReport(await app.get(SocialReportSourceReader).read(options.year));
              await writeFile(options.out, socialReportHtml(built, 'bilancio-sociale.css'));
              await writeFile(options.out.replace(/[^/]*$/, 'bilancio-sociale.css'), SOCIAL_REPORT_CSS);
              console.log(`bilancio sociale ${options.year} (HTML) → ${options.out}`);
              return;
            }
            const { state } = await app.get(CommandProcessor).load(socialReportStream(options.year), socialReportDecider);
            if (state.approved) {
              await writeFile(options.out, Buffer.from(state.approved.document, 'base64'));
              console.log(`bilancio sociale ${options.year} approvato, sha256 ${state.approved.sha256} → ${options.out}`);
              return;
            }
            const built = buildSocialReport(await app.get(SocialReportSourceReader).read(options.year));
            const pdf = await renderSocialReportPdf(built, runtime.clock.now());
            await writeFile(options.out, pdf.bytes);
            console.log(
              `bilancio sociale ${options.year} (bozza), ${pdf.pageCount} pagine, sha256 ${pdf.sha256}, ${Date.now() - started} ms → ${options.out}`,
            );
          }),
        { needStore: true },
      );
    });
  return report;
}
