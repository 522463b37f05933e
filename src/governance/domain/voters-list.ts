import { addDays } from '../../platform/dates.js';

/**
 * The voters' list of an assembly (G1, G2): who is a member on its date, and how many votes
 * each has. Pure: the members come from governance's own view of the register.
 */

/** A member as the list needs them: in the register from `admittedOn` until `endedOn` (exclusive), if ended. */
export interface RegisteredMember {
  _id: string;
  memberNumber: number;
  category: string;
  admittedOn: string;
  endedOn: string | null;
}

/** Whether a member is in the register on a date: admitted by then, not ended by then. */
export const isMemberOn = (member: RegisteredMember, date: string) =>
  member.admittedOn <= date && (member.endedOn === null || member.endedOn > date);

/** G2: members in the register for at least 90 days on the assembly's date (c.c. art. 2538 c. 1). */
export const VOTING_SENIORITY_DAYS = 90;

export interface VoterLine {
  memberId: string;
  name?: string | null;
  memberNumber: number;
  category: string;
  votes: number;
  /** Why the member has no vote, when they have none. */
  reason: string | null;
}

/**
 * One member's line on the voters' list of an assembly on `date`, or null for one not in the
 * register then. G2: a member in the register for less than {@link VOTING_SENIORITY_DAYS} days
 * has no vote (c.c. art. 2538 c. 1); G1: a legal person has the votes the statute gives it
 * (c.c. art. 2538 c. 2), any other member one.
 */
export function voterLine(member: RegisteredMember, date: string, legalPersonVotes: number): VoterLine | null {
  if (!isMemberOn(member, date)) return null;
  const since = addDays(member.admittedOn, VOTING_SENIORITY_DAYS);
  const reason =
    since > date ? `in the register since ${member.admittedOn}: votes from ${since} (G2, c.c. art. 2538 c. 1)` : null;
  const votes = reason ? 0 : member.category === 'legal_person' ? legalPersonVotes : 1;
  return { memberId: member._id, memberNumber: member.memberNumber, category: member.category, votes, reason };
}

/**
 * The voters' list a president reads at the opening: every member on the date, by member
 * number, with the reason for each without a vote ({@link voterLine}).
 */
export function votersList(members: Iterable<RegisteredMember>, date: string, legalPersonVotes: number): VoterLine[] {
  const lines: VoterLine[] = [];
  for (const member of members) {
    const line = voterLine(member, date, legalPersonVotes);
    if (line) lines.push(line);
  }
  return lines.sort((a, b) => a.memberNumber - b.memberNumber);
}
