import { CommandProcessor } from '../../platform/commands/command-processor.js';
import { NotFoundError } from '../../platform/errors/domain-errors.js';
import { applicationDecider } from '../domain/application.js';
import { applicationStream, REGISTER_STREAM } from '../domain/membership-events.js';
import type { ApplicationFacts } from '../domain/register.js';
import { registerDecider } from '../domain/register.js';
import type { MemberFacts } from '../domain/shares.js';

/** The facts one stream's decision needs from another: an application, a member's standing. */
export async function applicationFacts(commands: CommandProcessor, applicationId: string): Promise<ApplicationFacts> {
  const { state } = await commands.load(applicationStream(applicationId), applicationDecider);
  if (state.status === 'none') throw new NotFoundError('membership application', applicationId);
  const { applicationId: id, category, appliedOn, applicantKind } = state;
  return { applicationId: id, category, appliedOn, applicantKind };
}

export async function memberFacts(commands: CommandProcessor, memberId: string): Promise<MemberFacts> {
  const { state } = await commands.load(REGISTER_STREAM, registerDecider);
  const member = state.members.get(memberId);
  if (!member) throw new NotFoundError('member', memberId);
  return { memberId, status: member.status, category: member.category, ...(member.endedOn ? { endedOn: member.endedOn } : {}) };
}
