import type { formsIt } from './forms.it';

export const formsEn: Record<keyof typeof formsIt, string> = {
  'date.format': 'dd/mm/yyyy',
  'date.hint': 'For example 01/02/2026 (1 February).',
  'date.invalid': 'This date does not exist: check the day and the month.',
  'date.notADate': 'Write the date as dd/mm/yyyy, for example 01/02/2026.',
  'error.DATE_ORDER': 'This date cannot come before the other date of the form it follows.',
  'error.UNKNOWN_REFERENCE': 'It names nothing recorded: choose a value from the list.',
  'nav.menu': 'Menu',
};
