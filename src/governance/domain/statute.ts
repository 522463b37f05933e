import { z } from 'zod';
import type { Decider } from '../../platform/commands/decider.js';
import { businessDate } from '../../platform/clock.js';
import { defineEvent } from '../../platform/event-store/event-registry.js';
import { invalidField, refusal } from '../../platform/errors/domain-errors.js';

const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * Who the cooperative is by its statute (c.c. art. 2521 c. 3 n. 1–3; DM 4 luglio 2019 § 6.2),
 * printed by the social report and the books' heading. Every field is optional, so each
 * `StatuteSettingsAdopted` stored before they existed still parses (they read as not recorded).
 */
export const StatuteIdentity = z.object({
  name: text(200).optional().describe('Denominazione sociale'),
  registeredOffice: text(300).optional().describe('Sede legale'),
  purpose: text(4_000).optional().describe('Oggetto sociale (scopo e attività, L. 381/1991 art. 1)'),
  activities: z.array(text(500)).max(50).optional().describe('Attività statutarie (L. 381/1991 art. 1 c. 1 lett. a)'),
  territory: text(1_000).optional().describe('Territorio di riferimento (ambito territoriale servito)'),
});
export type StatuteIdentity = z.infer<typeof StatuteIdentity>;

/** The statute's settings the rules read, with the legal defaults until the assembly adopts others. */
export const StatuteSettings = z.object({
  shareValueCents: z.number().int().describe('M5: value of one share, €25–€500 (c.c. art. 2525 c. 1)'),
  maxHoldingCents: z.number().int().min(1).describe('M5: most a natural person holds (c.c. art. 2525 c. 2)'),
  minimumMembers: z.number().int().min(3).describe('M8: 9, or 3 under c.c. art. 2522 c. 2'),
  noticeDays: z.number().int().min(1).max(90).describe('G5: days of notice of an assembly'),
  proxyLimit: z.number().int().min(0).max(10).describe('G3: proxies one member may hold (c.c. art. 2539 c. 1)'),
  legalPersonVotes: z.number().int().min(1).max(5).describe('G1: votes of a legal-person member (c.c. art. 2538 c. 3)'),
  remoteVoting: z.boolean().default(false).describe('G5: votes by post or remote means allowed (c.c. art. 2538 c. 6)'),
  specialCategory: z.boolean().default(false).describe('M7c: a special category for training or insertion (c.c. art. 2527 c. 3)'),
  ...StatuteIdentity.shape,
});
export type StatuteSettings = z.infer<typeof StatuteSettings>;

export const LEGAL_STATUTE: StatuteSettings = {
  shareValueCents: 2_500,
  maxHoldingCents: 10_000_000,
  minimumMembers: 9,
  noticeDays: 8,
  proxyLimit: 10,
  legalPersonVotes: 1,
  remoteVoting: false,
  specialCategory: false,
};

/** Settings adopted by an assembly resolution (an extraordinary one, for the statute). */
export const StatuteSettingsAdopted = defineEvent({
  type: 'StatuteSettingsAdopted',
  schemaVersion: 1,
  schema: z.object({ adoptedOn: z.iso.date(), assemblyResolutionId: z.string().min(1).max(100), settings: StatuteSettings }),
});

export const STATUTE_STREAM = 'statute-main';

type StatuteEvent = { type: 'StatuteSettingsAdopted'; data: z.infer<typeof StatuteSettingsAdopted.schema> };
export type AdoptStatuteSettings = {
  type: 'AdoptStatuteSettings';
  adoptedOn: string;
  assemblyResolutionId: string;
  settings: StatuteSettings;
};

export const statuteDecider: Decider<AdoptStatuteSettings, StatuteSettings, StatuteEvent> = {
  initialState: () => LEGAL_STATUTE,
  evolve: (state, event) => (event.type === 'StatuteSettingsAdopted' ? event.data.settings : state),
  decide(command, _state, { now }) {
    if (command.adoptedOn > businessDate(now))
      throw invalidField('adoptedOn', 'DATE_IN_FUTURE', 'an adoption cannot be dated after today');
    const value = command.settings.shareValueCents;
    if (value < 2_500 || value > 50_000)
      throw refusal('M5', 'c.c. art. 2525 c. 1', 'a share’s value must lie between €25 and €500');
    return [
      {
        type: 'StatuteSettingsAdopted',
        data: { adoptedOn: command.adoptedOn, assemblyResolutionId: command.assemblyResolutionId, settings: command.settings },
      },
    ];
  },
};

/** The cooperative's name as the statute records it, or the configured one until it does. */
export const cooperativeNameOf = (settings: Pick<StatuteSettings, 'name'>, configured: string): string =>
  settings.name ?? configured;
