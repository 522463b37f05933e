import { businessDate } from '../platform/clock.js';
import type { NewEvent } from '../platform/event-store/event-store.js';
import type { PersonalDataVault } from '../platform/personal-data/personal-data.js';
import { applicationCommand, applicationIdFor } from '../membership/commands/apply-for-membership.handler.js';
import { admissionSharesMetadata, admissionSubscription } from '../membership/commands/decide-application.handler.js';
import { envelope, type CommandMetadata } from '../platform/commands/envelope.js';
import { applicationDecider } from '../membership/domain/application.js';
import type { ApplicationFacts } from '../membership/domain/register.js';
import { applicationStream, memberStream, type MemberCategory } from '../membership/domain/membership-events.js';
import { sharesDecider } from '../membership/domain/shares.js';
import { LEGAL_DEFAULTS } from '../membership/domain/statute.js';
import { ApplyBody } from '../membership/http/membership.schemas.js';
import { legalApplicant, naturalApplicant, isoDay, omocode } from './italian.js';
import { intBetween, weighted, type Random } from './random.js';
import { officeHours, seedEnvelope } from './seeding.js';

/** The share value of the statute the seed runs under (the legal default: it adopts none), as the application handler records it. */
const SHARE_VALUE_CENTS = LEGAL_DEFAULTS.shareValueCents;

/** What the membership part of a seeding shares between its applicants. */
export interface MembershipSeedContext {
  now: Date;
  vault: PersonalDataVault;
  commandId: (what: string, index: number) => string;
  volunteerShare: number;
  /** Fiscal codes already given to someone in this history: a new person never repeats one. */
  fiscalCodes: Set<string>;
}

/** An application ready to append, with what its admission needs. */
export interface PreparedApplication {
  stream: string;
  event: NewEvent;
  application: ApplicationFacts;
  fiscalCode: string;
  /** The applicant's name as the form gives it ("Nome Cognome"), for the seed's directors. */
  name: string;
  requestedShares: number;
}

/** The application applicant `index`'s first command id addresses, as the application handler derives it. */
export const seedApplicationId = (context: Pick<MembershipSeedContext, 'commandId'>, index: number) =>
  applicationIdFor(context.commandId('application', index));

/**
 * What `POST /membership/applications` would record for applicant `index`: the request body
 * parsed by the API's own schema, the command prepared by the handler's own function, decided
 * by the real decider.
 */
export async function prepareApplication(
  context: MembershipSeedContext,
  random: Random,
  index: number,
  appliedDay: number,
  /** A founder who will hold an office in person (president, vice-president): a natural person. */
  inPerson = false,
): Promise<PreparedApplication> {
  const request = applicationRequest(random, appliedDay, context.volunteerShare, inPerson);
  // Two people whose data give the same code get distinct ones, as the agency does (omocodia).
  if (request.applicant.kind === 'natural')
    request.applicant.fiscalCode = uniqueCode(context.fiscalCodes, request.applicant.fiscalCode);
  const body = ApplyBody.parse(request);
  const id = context.commandId('application', index);
  const command = await applicationCommand(body, id, {
    vault: context.vault,
    shareValueCents: SHARE_VALUE_CENTS,
    today: businessDate(context.now),
  });
  const decided = applicationDecider.decide(command, applicationDecider.initialState(), { now: context.now });
  const { applicationId, applicantKind, appliedOn } = command.data;
  const application: ApplicationFacts = { applicationId, category: body.category, appliedOn, applicantKind };
  const stream = applicationStream(applicationId);
  const [event] = seedEnvelope(id, stream, decided, officeHours(appliedDay, random));
  const name =
    request.applicant.kind === 'natural'
      ? `${request.applicant.givenName} ${request.applicant.familyName}`
      : request.applicant.name;
  return {
    stream,
    event: event!,
    application,
    fiscalCode: body.applicant.fiscalCode,
    name,
    requestedShares: body.requestedShares,
  };
}

/**
 * The body of a `POST /membership/applications` request for one generated applicant, applied
 * on `appliedDay` (days since 1970-01-01): what a secretary would type in from the paper form.
 */
export function applicationRequest(random: Random, appliedDay: number, volunteerShare = 0.2, inPerson = false) {
  const drawn = categoryOf(random, volunteerShare);
  // An office of the board is held by a person (c.c. art. 2542 c. 1, 2383): such a founder is no body.
  const category: MemberCategory = inPerson && drawn === 'legal_person' ? 'worker' : drawn;
  return {
    applicant: category === 'legal_person' ? legalApplicant(random) : naturalApplicant(random, appliedDay),
    category,
    requestedShares: sharesOf(random, category),
    appliedOn: isoDay(appliedDay),
  };
}

/**
 * A new member's shares: the count the application asked for, subscribed as the admission
 * handler subscribes them ({@link admissionSubscription}, under the metadata it gives the
 * subscription: the command id derived from the admission's, so a replaying process manager
 * finds it, the admission's actor and correlation, caused by its `MemberAdmitted`), at the
 * admission's time, under the legal defaults (the statute the seed runs under); then paid in
 * full within a month as the secretariat would record it (never on or after `untilDay`).
 */
export function sharesOnAdmission(
  admission: { metadata: CommandMetadata; admittedId: string },
  commandId: string,
  member: { memberId: string; category: MemberCategory },
  count: number,
  when: { admittedDay: number; untilDay: number; at: string; now: Date; random: Random },
): { stream: string; events: NewEvent[] } {
  const stream = memberStream(member.memberId);
  const paidDay = Math.min(when.untilDay - 1, when.admittedDay + intBetween(when.random, 0, 30));
  const subscribe = admissionSubscription(member, count, LEGAL_DEFAULTS, { admittedOn: isoDay(when.admittedDay) });
  const pay = {
    type: 'PayShares' as const,
    member: subscribe.member,
    amountCents: count * LEGAL_DEFAULTS.shareValueCents,
    paidOn: isoDay(paidDay),
  };
  const subscribed = sharesDecider.decide(subscribe, sharesDecider.initialState(), { now: when.now });
  const state = subscribed.reduce(sharesDecider.evolve, sharesDecider.initialState());
  const paid = sharesDecider.decide(pay, state, { now: when.now });
  // The handler's clock would date the subscription when it follows the admission: the admission's time.
  const metadata = { ...admissionSharesMetadata(admission.metadata, admission.admittedId), occurredAt: when.at };
  return {
    stream,
    events: [
      ...envelope(stream, subscribed, metadata),
      ...seedEnvelope(`${commandId}:payment`, stream, paid, officeHours(paidDay, when.random)),
    ],
  };
}

/** `code`, or its first omocode variant nobody in `used` has yet; remembers the one it returns. */
function uniqueCode(used: Set<string>, code: string): string {
  let unique = code;
  for (let level = 1; used.has(unique) && level <= 7; level++) unique = omocode(code, level);
  used.add(unique);
  return unique;
}

function categoryOf(random: Random, volunteerShare: number): MemberCategory {
  return weighted<MemberCategory>(random, [
    ['volunteer', volunteerShare],
    ['legal_person', 0.02],
    ['financing', 0.04],
    ['user', 0.12],
    ['worker', 0.82 - volunteerShare],
  ]);
}

function sharesOf(random: Random, category: MemberCategory): number {
  switch (category) {
    case 'worker':
      return weighted(random, [
        [1, 0.6],
        [2, 0.25],
        [4, 0.1],
        [10, 0.05],
      ]);
    case 'financing':
      return intBetween(random, 10, 400);
    case 'legal_person':
      return intBetween(random, 2, 40);
    default:
      return 1;
  }
}
