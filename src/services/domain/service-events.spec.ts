import { describe, expect, it } from '@jest/globals';
import { EventRegistry } from '../../platform/event-store/event-registry.js';
import { serviceEvents, ServiceDelivered, ServiceDeliveryCorrected, ServiceDeliveryVoided } from './service-events.js';

const deliveryId = 'd1000000-0000-4000-8000-000000000001';
const id = (n: number) => `a1000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const plain = (text: string) => ({ subject: deliveryId, scheme: 'none', fields: { text } });

/** v1 wrote a delivery's free texts in plain text; v2 seals them. What was written stays, read in the plain scheme. */
describe('services event versions: a delivery’s free texts are personal data, sealed since v2', () => {
  const registry = new EventRegistry().register(...serviceEvents);

  it('ServiceDelivered v1 reads with its activity in the plain scheme, under the delivery', () => {
    const v1 = {
      deliveryId,
      agreementId: id(1),
      unitId: id(2),
      beneficiaries: [id(3)],
      minors: [id(3)],
      operator: { kind: 'staff', contractId: id(4) },
      operatorPersonId: id(5),
      date: '2026-03-02',
      start: '08:00',
      minutes: 60,
      activity: 'accompagnata dal pediatra',
      professional: true,
      overBudget: false,
    };
    expect(registry.upcastAndValidate(ServiceDelivered.type, 1, v1)).toEqual({
      ...v1,
      activity: plain('accompagnata dal pediatra'),
    });
  });

  it('ServiceDeliveryCorrected and ServiceDeliveryVoided v1 read with their texts in the plain scheme', () => {
    expect(
      registry.upcastAndValidate(ServiceDeliveryCorrected.type, 1, {
        deliveryId,
        changes: { minutes: 30, activity: 'febbre, uscita anticipata' },
        reason: 'ritirata dalla madre',
        overBudget: false,
      }),
    ).toEqual({
      deliveryId,
      changes: { minutes: 30, activity: plain('febbre, uscita anticipata') },
      reason: plain('ritirata dalla madre'),
      overBudget: false,
    });
    expect(
      registry.upcastAndValidate(ServiceDeliveryCorrected.type, 1, {
        deliveryId,
        changes: { start: '09:00' },
        reason: 'orario',
        overBudget: false,
      }),
    ).toEqual({ deliveryId, changes: { start: '09:00' }, reason: plain('orario'), overBudget: false });
    expect(registry.upcastAndValidate(ServiceDeliveryVoided.type, 1, { deliveryId, reason: 'doppia' })).toEqual({
      deliveryId,
      reason: plain('doppia'),
    });
  });

  it('a v2 delivery with its activity in plain text is refused on write', () =>
    expect(() => registry.validateForWrite(ServiceDeliveryVoided.type, { deliveryId, reason: 'doppia' })).toThrow());
});
