import { ofType, outcome, type ReviewCheck } from './review-check.js';

/**
 * The books up to date (c.c. art. 2215-bis, 2421): the year's last entry is covered by a
 * seal (its tree size counts past the entry's log index); the case names the entry left
 * unsealed. The seal's own time is shown; its RFC 3161 time-stamp is made outside.
 */
export const booksUpToDateCheck: ReviewCheck = (history, year) => {
  const entries = history.filter(
    (e) =>
      e.type !== 'LedgerSealed' &&
      e.occurredAt !== undefined &&
      e.occurredAt.slice(0, 10) >= year.start &&
      e.occurredAt.slice(0, 10) <= year.end,
  );
  const last = entries.at(-1);
  const seals = ofType(history, 'LedgerSealed');
  const covering = last ? seals.find((s) => s.data.treeSize > last.index) : undefined;
  const cases =
    last && !covering
      ? [
          {
            subject: `ultima registrazione dell’anno, del ${last.occurredAt!.slice(0, 10)}`,
            detail: 'non ancora sigillato',
            evidence: [last.id],
          },
        ]
      : [];
  return outcome(
    { code: 'BOOKS', name: 'Libri sociali', title: 'Libri aggiornati e sigillati', legalBasis: 'c.c. art. 2215-bis; art. 2421' },
    entries.length,
    cases,
    [...(last ? [last.id] : []), ...(covering ? [covering.id] : []), '/audit/seals'],
    last
      ? `ultima registrazione del ${last.occurredAt!.slice(0, 10)} (indice ${last.index}); ` +
          (covering
            ? `sigillo del ${covering.data.sealedAt}, ${covering.data.treeSize} eventi, radice ${covering.data.logRoot ?? covering.data.merkleRoot}`
            : 'non ancora sigillato')
      : 'nessuna registrazione nell’anno',
  );
};
