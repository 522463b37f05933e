import type { Role } from '../../api/client';
import type { MessageKey } from '../../i18n/it';
import { Assemblies } from './Assemblies';
import { Assembly } from './Assembly';
import { Books } from './Books';
import { may } from './shared';

/** The navigation entries of assemblies and books, shown to the roles that may read them. */
export const assemblyLinks = (role: Role): Array<[string, MessageKey, boolean]> => [
  ['/assemblee', 'nav.assemblies', may.runAssemblies(role)],
  ['/libri', 'nav.books', may.readBooks(role) || may.readVolunteers(role)],
];

/** `/assemblee`, `/assemblee/<id>`, `/libri`; null for any other path. */
export function AssemblyRoutes(pathname: string) {
  if (pathname === '/assemblee') return <Assemblies />;
  const id = /^\/assemblee\/([0-9a-f-]{36})$/.exec(pathname)?.[1];
  if (id) return <Assembly key={id} assemblyId={id} />;
  if (pathname === '/libri') return <Books />;
  return null;
}
