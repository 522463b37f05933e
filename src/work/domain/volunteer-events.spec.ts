import { describe, expect, it } from '@jest/globals';
import { EventRegistry } from '../../platform/event-store/event-registry.js';
import { volunteerEvents } from './volunteer-events.js';

const volunteerId = 'e0000000-0000-4000-8000-000000000001';
const registry = () => new EventRegistry().register(...volunteerEvents);

describe('work: volunteers’ personal data are sealed in their events', () => {
  it('lifts an insurance of version 1, whose policy number was plain, to a sealed policy', () =>
    expect(
      registry().upcastAndValidate('VolunteerInsured', 1, {
        volunteerId,
        insurer: 'Mutua',
        policyNumber: 'RC-1',
        coveredFrom: '2026-01-01',
        coveredUntil: '2026-12-31',
      }),
    ).toEqual({
      volunteerId,
      insurer: 'Mutua',
      policy: { subject: volunteerId, scheme: 'none', fields: { policyNumber: 'RC-1' } },
      coveredFrom: '2026-01-01',
      coveredUntil: '2026-12-31',
    }));

  it('lifts a reimbursement of version 1, whose descriptions were plain, to sealed details', () =>
    expect(
      registry().upcastAndValidate('VolunteerExpenseReimbursed', 1, {
        volunteerId,
        reimbursementId: volunteerId,
        paidOn: '2026-03-01',
        expenses: [{ date: '2026-02-10', description: 'visita medica', amountCents: 350, documentRef: 'r-1' }],
        totalCents: 350,
      }),
    ).toMatchObject({
      expenses: [
        {
          date: '2026-02-10',
          amountCents: 350,
          documentRef: 'r-1',
          details: { scheme: 'none', fields: { description: 'visita medica' } },
        },
      ],
    }));

  it('refuses a policy number or a description in plain in a new event', () => {
    expect(() =>
      registry().upcastAndValidate('VolunteerInsured', 2, {
        volunteerId,
        insurer: 'Mutua',
        policyNumber: 'RC-1',
        coveredFrom: '2026-01-01',
        coveredUntil: '2026-12-31',
      }),
    ).toThrow();
  });
});
