import { personCheckCharacter } from '../shared-kernel/fiscal-code.js';
import { intBetween, pick, type Random } from './random.js';

/**
 * Realistic Italian personal data for generated histories: names, places (with their
 * postal code and the cadastral code a fiscal code embeds), valid fiscal codes of persons
 * (DM 23/12/1976) and of entities. Nothing here is a real person.
 */

export interface Place {
  city: string;
  province: string;
  postalCode: string;
  /** Codice catastale (Belfiore), part of a fiscal code. */
  cadastral: string;
}

/** The cooperative is in Genoa: most members live in Liguria; they were born anywhere. */
const LIGURIA: readonly Place[] = [
  { city: 'Genova', province: 'GE', postalCode: '16121', cadastral: 'D969' },
  { city: 'Chiavari', province: 'GE', postalCode: '16043', cadastral: 'C621' },
  { city: 'Rapallo', province: 'GE', postalCode: '16035', cadastral: 'H183' },
  { city: 'Sestri Levante', province: 'GE', postalCode: '16039', cadastral: 'I693' },
  { city: 'Savona', province: 'SV', postalCode: '17100', cadastral: 'I480' },
  { city: 'La Spezia', province: 'SP', postalCode: '19121', cadastral: 'E463' },
  { city: 'Imperia', province: 'IM', postalCode: '18100', cadastral: 'E290' },
  { city: 'Sanremo', province: 'IM', postalCode: '18038', cadastral: 'I138' },
];

const ITALY: readonly Place[] = [
  { city: 'Roma', province: 'RM', postalCode: '00184', cadastral: 'H501' },
  { city: 'Milano', province: 'MI', postalCode: '20121', cadastral: 'F205' },
  { city: 'Napoli', province: 'NA', postalCode: '80133', cadastral: 'F839' },
  { city: 'Torino', province: 'TO', postalCode: '10121', cadastral: 'L219' },
  { city: 'Palermo', province: 'PA', postalCode: '90133', cadastral: 'G273' },
  { city: 'Bologna', province: 'BO', postalCode: '40121', cadastral: 'A944' },
  { city: 'Firenze', province: 'FI', postalCode: '50122', cadastral: 'D612' },
  { city: 'Bari', province: 'BA', postalCode: '70121', cadastral: 'A662' },
  { city: 'Catania', province: 'CT', postalCode: '95121', cadastral: 'C351' },
  { city: 'Venezia', province: 'VE', postalCode: '30121', cadastral: 'L736' },
  { city: 'Verona', province: 'VR', postalCode: '37121', cadastral: 'L781' },
  { city: 'Messina', province: 'ME', postalCode: '98122', cadastral: 'F158' },
  { city: 'Padova', province: 'PD', postalCode: '35122', cadastral: 'G224' },
  { city: 'Trieste', province: 'TS', postalCode: '34121', cadastral: 'L424' },
  { city: 'Brescia', province: 'BS', postalCode: '25121', cadastral: 'B157' },
  { city: 'Parma', province: 'PR', postalCode: '43121', cadastral: 'G337' },
  { city: 'Taranto', province: 'TA', postalCode: '74121', cadastral: 'L049' },
  { city: 'Modena', province: 'MO', postalCode: '41121', cadastral: 'F257' },
  { city: 'Reggio Calabria', province: 'RC', postalCode: '89125', cadastral: 'H224' },
  { city: 'Perugia', province: 'PG', postalCode: '06121', cadastral: 'G478' },
  { city: 'Livorno', province: 'LI', postalCode: '57123', cadastral: 'E625' },
  { city: 'Cagliari', province: 'CA', postalCode: '09124', cadastral: 'B354' },
  { city: 'Salerno', province: 'SA', postalCode: '84121', cadastral: 'H703' },
  { city: 'Pescara', province: 'PE', postalCode: '65121', cadastral: 'G482' },
  { city: 'Bergamo', province: 'BG', postalCode: '24121', cadastral: 'A794' },
  { city: 'Trento', province: 'TN', postalCode: '38122', cadastral: 'L378' },
  { city: 'Ancona', province: 'AN', postalCode: '60121', cadastral: 'A271' },
  { city: 'Lecce', province: 'LE', postalCode: '73100', cadastral: 'E506' },
  { city: 'Pisa', province: 'PI', postalCode: '56125', cadastral: 'G702' },
  { city: 'Cuneo', province: 'CN', postalCode: '12100', cadastral: 'D205' },
  { city: 'Alessandria', province: 'AL', postalCode: '15121', cadastral: 'A182' },
  { city: 'Piacenza', province: 'PC', postalCode: '29121', cadastral: 'G535' },
];

const MALE_NAMES = [
  'Marco',
  'Giuseppe',
  'Giovanni',
  'Antonio',
  'Francesco',
  'Luca',
  'Alessandro',
  'Andrea',
  'Matteo',
  'Lorenzo',
  'Davide',
  'Simone',
  'Federico',
  'Stefano',
  'Paolo',
  'Roberto',
  'Riccardo',
  'Gabriele',
  'Salvatore',
  'Mario',
  'Fabio',
  'Daniele',
  'Claudio',
  'Massimo',
  'Emanuele',
  'Pietro',
  'Tommaso',
  'Nicola',
  'Vincenzo',
  'Filippo',
  'Giacomo',
  'Enrico',
  'Alberto',
  'Sergio',
  'Bruno',
  'Carlo',
  'Franco',
  'Giorgio',
  'Luigi',
  'Michele',
] as const;

const FEMALE_NAMES = [
  'Maria',
  'Anna',
  'Giulia',
  'Francesca',
  'Chiara',
  'Sara',
  'Laura',
  'Valentina',
  'Elena',
  'Alessandra',
  'Martina',
  'Federica',
  'Silvia',
  'Paola',
  'Roberta',
  'Giovanna',
  'Elisa',
  'Sofia',
  'Aurora',
  'Alice',
  'Giorgia',
  'Beatrice',
  'Caterina',
  'Teresa',
  'Rosa',
  'Angela',
  'Lucia',
  'Simona',
  'Monica',
  'Barbara',
  'Cristina',
  'Daniela',
  'Patrizia',
  'Marta',
  'Ilaria',
  'Serena',
  'Irene',
  'Carla',
  'Gabriella',
  'Luisa',
] as const;

const FAMILY_NAMES = [
  'Rossi',
  'Russo',
  'Ferrari',
  'Esposito',
  'Bianchi',
  'Romano',
  'Colombo',
  'Ricci',
  'Marino',
  'Greco',
  'Bruno',
  'Gallo',
  'Conti',
  'De Luca',
  'Mancini',
  'Costa',
  'Giordano',
  'Rizzo',
  'Lombardi',
  'Moretti',
  'Barbieri',
  'Fontana',
  'Santoro',
  'Mariani',
  'Rinaldi',
  'Caruso',
  'Ferrara',
  'Galli',
  'Martini',
  'Leone',
  'Longo',
  'Gentile',
  'Martinelli',
  'Vitale',
  'Lombardo',
  'Serra',
  'Coppola',
  'De Santis',
  "D'Angelo",
  'Marchetti',
  'Parodi',
  'Ferrando',
  'Repetto',
  'Canepa',
  'Pastorino',
  'Bozzo',
  'Oliveri',
  'Traverso',
  'Cavallo',
  'Pesce',
] as const;

const STREETS = [
  'Via Roma',
  'Via Garibaldi',
  'Corso Italia',
  'Via XX Settembre',
  'Piazza della Vittoria',
  'Via Mazzini',
  'Via Cavour',
  'Via Dante',
  'Via Verdi',
  'Viale Europa',
  'Via Balbi',
  'Corso Buenos Aires',
  'Via Gramsci',
  'Via San Vincenzo',
  'Salita Santa Caterina',
  'Via Assarotti',
  'Corso Torino',
  'Via Cantore',
  'Via Sestri',
  'Via Bologna',
] as const;

const ENTITY_KINDS = [
  'Associazione di volontariato',
  'Associazione di promozione sociale',
  'Fondazione',
  'Cooperativa sociale',
  'Parrocchia',
  'Circolo ricreativo',
] as const;

const ENTITY_NAMES = [
  'Il Ponte',
  'La Lanterna',
  'San Giorgio',
  'Arcobaleno',
  'Il Gabbiano',
  'Insieme',
  'La Rete',
  'Mare Aperto',
  'Il Faro',
  'Solidarietà',
  'Don Bosco',
  'Sottoripa',
  'Borgo Incrociati',
  'Crêuza de mä',
] as const;

const MONTH_LETTERS = 'ABCDEHLMPRST';
const VOWELS = new Set(['A', 'E', 'I', 'O', 'U']);

const letters = (name: string): string[] =>
  [
    ...name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toUpperCase(),
  ].filter((c) => c >= 'A' && c <= 'Z');

function threeOf(chars: string[]): string {
  return (chars.join('') + 'XXX').slice(0, 3);
}

/** The surname part: its consonants, then its vowels, padded with X. */
export function surnameCode(familyName: string): string {
  const all = letters(familyName);
  return threeOf([...all.filter((c) => !VOWELS.has(c)), ...all.filter((c) => VOWELS.has(c))]);
}

/** The given-name part: with four consonants or more, the 1st, 3rd and 4th. */
export function givenNameCode(givenName: string): string {
  const all = letters(givenName);
  const consonants = all.filter((c) => !VOWELS.has(c));
  if (consonants.length >= 4) return consonants[0]! + consonants[2]! + consonants[3]!;
  return threeOf([...consonants, ...all.filter((c) => VOWELS.has(c))]);
}

/** A person's fiscal code (codice fiscale), check character included. */
export function personFiscalCode(person: {
  givenName: string;
  familyName: string;
  birthDate: string;
  female: boolean;
  birthPlace: Place;
}): string {
  const [year, month, day] = person.birthDate.split('-');
  const first15 =
    surnameCode(person.familyName) +
    givenNameCode(person.givenName) +
    year!.slice(2) +
    MONTH_LETTERS[Number(month) - 1]! +
    String(Number(day) + (person.female ? 40 : 0)).padStart(2, '0') +
    person.birthPlace.cadastral;
  return first15 + personCheckCharacter(first15);
}

const OMOCODE_LETTERS = 'LMNPQRSTUV';
/** Digit positions replaced by letters for omocodia, the rightmost first. */
const OMOCODE_POSITIONS = [14, 13, 12, 10, 9, 7, 6];

/**
 * The omocodia variant of a person's code (level 1 to 7): when two people's data give the
 * same code, the agency replaces digits with letters from the right and recomputes the check.
 */
export function omocode(code: string, level: number): string {
  const chars = [...code.slice(0, 15)];
  for (const position of OMOCODE_POSITIONS.slice(0, level))
    chars[position] = OMOCODE_LETTERS[Number(chars[position])] ?? chars[position]!;
  const first15 = chars.join('');
  return first15 + personCheckCharacter(first15);
}

/** An entity's fiscal code: 10 digits and the check digit. */
export function entityFiscalCode(random: Random): string {
  const digits = Array.from({ length: 10 }, (_, i) => (i === 0 ? intBetween(random, 8, 9) : intBetween(random, 0, 9)));
  let sum = 0;
  digits.forEach((digit, i) => {
    if (i % 2 === 0) sum += digit;
    else sum += digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
  });
  return digits.join('') + String((10 - (sum % 10)) % 10);
}

const residencePlace = (random: Random): Place => (random() < 0.85 ? pick(random, LIGURIA) : pick(random, ITALY));
const birthPlace = (random: Random): Place => (random() < 0.55 ? pick(random, LIGURIA) : pick(random, ITALY));

const address = (random: Random, place: Place) => ({
  street: `${pick(random, STREETS)} ${intBetween(random, 1, 180)}${random() < 0.15 ? `/${intBetween(random, 1, 30)}` : ''}`,
  city: place.city,
  postalCode: place.postalCode,
  province: place.province,
});

const asciiLower = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

const mobile = (random: Random): string =>
  `+39 3${intBetween(random, 20, 93)} ${String(intBetween(random, 0, 9_999_999)).padStart(7, '0')}`;

/** Days since 1970-01-01 of an ISO date, and back (UTC, no time zone games). */
export const dayOf = (isoDate: string): number => Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000);
export const isoDay = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10);

/** A natural person, as the membership API receives them (`applicant` with `kind: 'natural'`). */
export function naturalApplicant(random: Random, appliedOnDay: number) {
  const female = random() < 0.52;
  const givenName = pick(random, female ? FEMALE_NAMES : MALE_NAMES);
  const familyName = pick(random, FAMILY_NAMES);
  // Adults: 18 to 75 on the day they apply.
  const birthDate = isoDay(appliedOnDay - intBetween(random, 18 * 365 + 5, 75 * 365));
  const born = birthPlace(random);
  const lives = residencePlace(random);
  const contact: { email?: string; phone?: string } = {};
  if (random() < 0.7) contact.email = `${asciiLower(givenName)}.${asciiLower(familyName)}${intBetween(random, 1, 99)}@example.it`;
  if (random() < 0.8) contact.phone = mobile(random);
  return {
    kind: 'natural' as const,
    givenName,
    familyName,
    fiscalCode: personFiscalCode({ givenName, familyName, birthDate, female, birthPlace: born }),
    birthDate,
    residence: address(random, lives),
    contact,
  };
}

/** A legal person (an association, a foundation…) applying as a member. */
export function legalApplicant(random: Random) {
  const place = residencePlace(random);
  return {
    kind: 'legal' as const,
    name: `${pick(random, ENTITY_KINDS)} ${pick(random, ENTITY_NAMES)} ${place.city}`,
    fiscalCode: entityFiscalCode(random),
    registeredOffice: address(random, place),
    contact: random() < 0.9 ? { email: `segreteria.${asciiLower(pick(random, ENTITY_NAMES))}@example.it` } : {},
  };
}
