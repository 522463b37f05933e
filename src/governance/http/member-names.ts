import { openName, type PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import type { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import type { AssemblyDoc } from '../projections/assembly-book.projection.js';
import { GOVERNANCE_MEMBERS, type GovernanceMemberDoc } from '../projections/governance-members.projection.js';

/**
 * Members' names for the minutes and the trails (c.c. art. 2375: who voted how), opened
 * through the vault from governance's own copy of the sealed applicant: null once erased.
 * Of the members named (each read by its id), or of every member, read one at a time.
 */
export async function memberNames(
  projections: ProjectionRunner,
  vault: PersonalDataVault,
  named?: Iterable<string>,
): Promise<Map<string, string | null>> {
  const names = new Map<string, string | null>();
  if (named) {
    for (const member of await namedMembers(projections, named)) names.set(member._id, await openName(vault, member.person));
    return names;
  }
  const members = projections.reader<GovernanceMemberDoc>(GOVERNANCE_MEMBERS, 'members');
  for await (const member of members.stream({}, { projection: { _id: 1, person: 1 } }))
    names.set(member._id, await openName(vault, member.person));
  return names;
}

/** Governance's documents of the members named, each read by its id (those it has none of left out). */
export async function namedMembers(projections: ProjectionRunner, named: Iterable<string>): Promise<GovernanceMemberDoc[]> {
  const members = projections.reader<GovernanceMemberDoc>(GOVERNANCE_MEMBERS, 'members');
  const found: GovernanceMemberDoc[] = [];
  for (const id of new Set(named)) {
    const member = await members.findOne({ _id: id });
    if (member) found.push(member);
  }
  return found;
}

/** The members an assembly's minutes name (c.c. art. 2375): attending, granting or holding a proxy, voting or voting for another. */
export const membersNamedIn = (assemblies: ReadonlyArray<Pick<AssemblyDoc, 'attendance' | 'proxies' | 'motions'>>): Set<string> =>
  new Set(
    assemblies.flatMap((a) => [
      ...a.attendance.map((p) => p.memberId),
      ...a.proxies.flatMap((x) => [x.grantor, x.holder]),
      ...a.motions.flatMap((m) => m.votes.flatMap((v) => [v.memberId, v.castBy])),
    ]),
  );
