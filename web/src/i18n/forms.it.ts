/** The forms' shared words: dates typed gg/mm/aaaa, the tablet's menu. */
export const formsIt = {
  'date.format': 'gg/mm/aaaa',
  'date.hint': 'Per esempio 01/02/2026.',
  'date.invalid': 'Questa data non esiste: controlla giorno e mese.',
  'date.notADate': 'Scrivi la data come gg/mm/aaaa, per esempio 01/02/2026.',
  'error.DATE_ORDER': 'Questa data non può venire prima dell’altra data del modulo a cui segue.',
  'error.UNKNOWN_REFERENCE': 'Non corrisponde a nulla di registrato: scegli un valore dall’elenco.',
  'nav.menu': 'Menu',
};
