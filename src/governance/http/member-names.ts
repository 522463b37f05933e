import { openName, type PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import type { ProjectionRunner } from '../../platform/projections/projection-runner.js';
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
  const members = projections.reader<GovernanceMemberDoc>(GOVERNANCE_MEMBERS, 'members');
  const names = new Map<string, string | null>();
  if (named) {
    for (const id of new Set(named)) {
      const member = await members.findOne({ _id: id });
      if (member) names.set(id, await openName(vault, member.person));
    }
    return names;
  }
  for await (const member of members.stream({}, { projection: { _id: 1, person: 1 } }))
    names.set(member._id, await openName(vault, member.person));
  return names;
}
