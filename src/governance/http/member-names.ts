import { openName, type PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import type { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import { GOVERNANCE_MEMBERS, type GovernanceMemberDoc } from '../projections/governance-members.projection.js';

/**
 * Members' names for the minutes and the trails (c.c. art. 2375: who voted how), opened
 * through the vault from governance's own copy of the sealed applicant: null once erased.
 */
export async function memberNames(projections: ProjectionRunner, vault: PersonalDataVault): Promise<Map<string, string | null>> {
  const members = await projections.reader<GovernanceMemberDoc>(GOVERNANCE_MEMBERS, 'members').find();
  const names = new Map<string, string | null>();
  for (const member of members) names.set(member._id, await openName(vault, member.person));
  return names;
}
