import { openName, type PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import type { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import type { Worker } from '../domain/work-events.js';
import { WORK_MEMBERS, type WorkMemberDoc } from '../projections/work-members.projection.js';

/**
 * Names of workers and volunteers, opened through the vault (null once erased): a member's
 * from the work context's copy of their application, a non-member's from their own event.
 */
export async function workerNames(
  projections: ProjectionRunner,
  vault: PersonalDataVault,
  people: readonly Worker[],
): Promise<Map<string, string | null>> {
  const memberIds = people.flatMap((p) => (p.kind === 'member' ? [p.memberId] : []));
  const members = memberIds.length
    ? await projections.reader<WorkMemberDoc>(WORK_MEMBERS, 'members').find({ _id: { $in: memberIds } })
    : [];
  const sealed = new Map(members.map((m) => [m._id, m.person]));
  for (const p of people) if (p.kind === 'non_member') sealed.set(p.personId, p.person);
  const names = new Map<string, string | null>();
  for (const [id, person] of sealed) names.set(id, await openName(vault, person));
  return names;
}
