import { describe, expect, it } from '@jest/globals';
import { votersList, type RegisteredMember } from './voters-list.js';

const m = (n: number) => `b0000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

describe('G1 and G2: the voters’ list', () => {
  it('G2 a member admitted 89 days before the assembly has no vote; at 90 days they have one', () => {
    const doc = (n: number, admittedOn: string): RegisteredMember => ({
      _id: m(n),
      memberNumber: n,
      category: 'worker',
      admittedOn,
      endedOn: null,
    });
    const list = votersList([doc(1, '2025-11-30'), doc(2, '2025-11-29')], '2026-02-27', 1);
    expect(list[0]).toMatchObject({ memberId: m(1), votes: 0, reason: expect.stringContaining('G2') });
    expect(list[1]).toMatchObject({ memberId: m(2), votes: 1, reason: null });
  });
  it('G1 gives a legal-person member the statute’s votes', () => {
    const list = votersList(
      [{ _id: m(1), memberNumber: 1, category: 'legal_person', admittedOn: '2020-01-01', endedOn: null }],
      '2026-02-27',
      3,
    );
    expect(list[0]!.votes).toBe(3);
  });
});
