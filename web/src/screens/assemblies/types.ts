/**
 * Shapes of the answers the OpenAPI document does not describe (the books, the voters' list
 * and the register of volunteers declare no response schema): written by hand, read only.
 */
import type { paths } from '../../api/schema';

type Json<P extends keyof paths, S extends number> = paths[P]['get'] extends {
  responses: { [K in S]: { content: { 'application/json': infer T } } };
}
  ? T
  : never;
export type AssemblyView = Json<'/governance/assemblies/{assemblyId}', 200>;
export type Motion = AssemblyView['motions'][number];

export interface VoterLine {
  memberId: string;
  memberNumber: number;
  name: string | null;
  votes: number;
  reason?: string | null;
}
export interface Voters {
  assemblyId: string;
  voters: VoterLine[];
}

type Minutes = { president: string | null; secretary: string | null; minutesSha256: string; personalDataErased?: true } | null;
interface Opening {
  call: 'first' | 'second';
  heldOn: string;
  place?: string;
  votesPresent: number;
  totalVotes: number;
  quorumRequired: number;
  quorumReached: boolean;
}
export interface BookAssembly {
  _id: string;
  kind: 'ordinary' | 'extraordinary';
  firstCall: { date: string; place: string };
  secondCall: { date: string; place: string } | null;
  agenda: string[];
  noticeSentOn: string;
  opening: Opening | null;
  openings?: Opening[];
  closedOn: string | null;
  attendance: Array<{ memberId: string; hasVote: boolean }>;
  proxies: Array<{ grantor: string; holder: string }>;
  motions: Array<{
    motionId: string;
    item: number;
    text: string;
    outcome: {
      adopted: boolean;
      resolutionId: string;
      tally: { for: number; against: number; abstain: number };
      majorityRule: string;
    } | null;
    votes: Array<{
      memberId: string;
      vote: string;
      weight: number;
      byProxy: boolean;
      castBy: string;
      /** The voter's name (c.c. art. 2375), null once erased. */
      name: string | null;
      memberNumber: number | null;
      castByName: string | null;
    }>;
  }>;
  minutes: Minutes;
}
export interface AssemblyBook {
  year: number | null;
  asOf: string | null;
  index: Array<{ assemblyId: string; kind: 'ordinary' | 'extraordinary'; date: string }>;
  assemblies: BookAssembly[];
}
export interface BoardBook {
  year: number | null;
  asOf: string | null;
  index: Array<{ meetingId: string; heldOn: string; resolutions: number }>;
  meetings: Array<{
    _id: string;
    heldOn: string;
    place: string;
    agenda: string[];
    presentDirectors: Array<{ directorId: string; name: string | null; personalDataErased?: true }> | null;
    minutes: Minutes;
    resolutions: Array<{
      resolution: {
        resolutionId: string;
        item: number;
        text: string;
        votes: Array<{ directorId: string; vote: string; name: string | null }>;
      };
    }>;
  }>;
}
export interface VolunteerRegister {
  asOf: string;
  volunteers: Array<{
    number: number;
    volunteerId: string;
    kind: 'member' | 'non_member';
    familyName: string | null;
    givenName: string | null;
    personalDataErased: boolean;
    enrolledOn: string;
    leftOn: string | null;
    unit: string;
    activity: string | null;
    insuredOn: boolean;
  }>;
}
export interface Seal {
  revision: string;
  position: string;
  recordedAt: string;
  /** The log tree's size and root (seals of version 2); `merkleRoot` is the stream heads' root. */
  treeSize?: number;
  logRoot?: string;
  merkleRoot?: string;
  root?: string;
}
