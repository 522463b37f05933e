import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor, type CommandMetadata, type CommandResult } from '../../platform/commands/command-processor.js';
import { NotCaughtUpError } from '../../platform/http/http-errors.js';
import { VAULT } from '../../platform/http/tokens.js';
import type { PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import { agreementStream, beneficiaryStream, surveysStream, unitStream, type ServiceEvent } from '../domain/service-events.js';
import { agreementDecider, beneficiaryDecider, unitDecider, type BeneficiaryCommand } from '../domain/setup.js';
import { surveyDecider } from '../domain/surveys.js';
import { SERVICE_DELIVERIES, type DeliveryDoc } from '../projections/deliveries.projection.js';

type Data<T extends ServiceEvent['type']> = Extract<ServiceEvent, { type: T }>['data'];

export type SetupCommand =
  | ({ type: 'OpenServiceUnit' } & Data<'ServiceUnitOpened'>)
  | ({ type: 'SignServiceAgreement' } & Data<'ServiceAgreementSigned'>)
  | { type: 'EraseClientData'; agreementId: string; erasedOn: string }
  | Extract<BeneficiaryCommand, { type: 'RegisterBeneficiary' }>
  | Omit<Extract<BeneficiaryCommand, { type: 'EnrollBeneficiary' }>, 'agreement'>
  | Omit<Extract<BeneficiaryCommand, { type: 'EraseBeneficiaryData' }>, 'agreementEndsOn'>
  | ({ type: 'RecordSurvey'; kind: 'satisfaction' } & Data<'SatisfactionSurveyRecorded'>)
  | ({ type: 'RecordSurvey'; kind: 'wellbeing' } & Data<'WellbeingSurveyRecorded'>);

/** Units, agreements, beneficiaries and surveys: each on its own stream, with the facts of the others it names. */
export class RecordService extends Command<CommandResult> {
  constructor(
    readonly command: SetupCommand,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(RecordService)
export class RecordServiceHandler implements ICommandHandler<RecordService> {
  constructor(
    @Inject(CommandProcessor) private readonly commands: CommandProcessor,
    @Inject(VAULT) private readonly vault: PersonalDataVault,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
  ) {}

  async execute({ command, meta }: RecordService) {
    switch (command.type) {
      case 'OpenServiceUnit':
        return this.commands.execute(unitStream(command.unitId), unitDecider, command, meta);
      case 'SignServiceAgreement': {
        const unit = (await this.commands.load(unitStream(command.unitId), unitDecider)).state;
        return this.commands.execute(agreementStream(command.agreementId), agreementDecider, { ...command, unit }, meta);
      }
      case 'EnrollBeneficiary': {
        const agreement = (await this.commands.load(agreementStream(command.agreementId), agreementDecider)).state;
        return this.commands.execute(
          beneficiaryStream(command.beneficiaryId),
          beneficiaryDecider,
          { ...command, agreement },
          meta,
        );
      }
      case 'RegisterBeneficiary':
        return this.commands.execute(beneficiaryStream(command.beneficiaryId), beneficiaryDecider, command, meta);
      case 'EraseBeneficiaryData': {
        // S4b reads the end of every agreement the beneficiary is enrolled in.
        const beneficiary = (await this.commands.load(beneficiaryStream(command.beneficiaryId), beneficiaryDecider)).state;
        const agreementEndsOn: Record<string, string> = {};
        for (const { agreementId } of beneficiary.registered ? beneficiary.enrolments : []) {
          const agreement = (await this.commands.load(agreementStream(agreementId), agreementDecider)).state;
          if (agreement.signed) agreementEndsOn[agreementId] = agreement.endsOn;
        }
        // Recorded first, then the key is destroyed; repeating the request (same key) mends a crash between.
        const result = await this.commands.execute(
          beneficiaryStream(command.beneficiaryId),
          beneficiaryDecider,
          { ...command, agreementEndsOn },
          meta,
        );
        await this.vault.erase(command.beneficiaryId);
        await this.eraseNotesOf(command.beneficiaryId);
        return result;
      }
      case 'EraseClientData': {
        const result = await this.commands.execute(agreementStream(command.agreementId), agreementDecider, command, meta);
        const agreement = (await this.commands.load(agreementStream(command.agreementId), agreementDecider)).state;
        if (agreement.signed && agreement.client.kind === 'family') await this.vault.erase(agreement.client.clientId);
        return result;
      }
      case 'RecordSurvey': {
        const unit = (await this.commands.load(unitStream(command.unitId), unitDecider)).state;
        return this.commands.execute(surveysStream(command.unitId), surveyDecider, { ...command, unit }, meta);
      }
    }
  }

  /**
   * The free texts of every delivery naming the beneficiary are sealed under the delivery's key:
   * erased with them. Deliveries to them stopped with the erasure (S4), so the view caught up
   * holds them all; a rare command, it may scan.
   */
  private async eraseNotesOf(beneficiaryId: string): Promise<void> {
    if (!(await this.projections.catchUp(5_000, [SERVICE_DELIVERIES]))) throw new NotCaughtUpError('head', [SERVICE_DELIVERIES]);
    const deliveries = await this.projections
      .reader<DeliveryDoc>(SERVICE_DELIVERIES, 'deliveries')
      .find({ beneficiaries: beneficiaryId });
    for (const delivery of deliveries) await this.vault.erase(delivery._id);
  }
}
