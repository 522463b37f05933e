import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setCsrfToken, type Person, type Role } from '../api/client';

/** What each role may do, as the API's role matrix decides it (the server refuses anyway). */
export const may = {
  readMembership: (role: Role) => ['admin', 'secretary', 'board', 'auditor'].includes(role),
  recordApplication: (role: Role) => ['admin', 'secretary'].includes(role),
};

interface Session {
  person: Person | null;
  loading: boolean;
  /** The position the last command returned: every read after it asks `?after=` it. */
  after: string | undefined;
  wrote: (position: string | null | undefined) => void;
  signedIn: (person: Person) => void;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [person, setPerson] = useState<Person | null>(null);
  const [loading, setLoading] = useState(true);
  const [after, setAfter] = useState<string | undefined>();
  useEffect(() => {
    void api.GET('/auth/session').then(({ data }) => {
      if (data) {
        setCsrfToken(data.csrfToken);
        setPerson(data);
      }
      setLoading(false);
    });
  }, []);
  const signedIn = useCallback((p: Person) => {
    setCsrfToken(p.csrfToken);
    setPerson(p);
  }, []);
  const signOut = useCallback(async () => {
    await api.DELETE('/auth/session');
    setCsrfToken(null);
    setPerson(null);
    setAfter(undefined);
  }, []);
  const wrote = useCallback((position: string | null | undefined) => {
    if (position) setAfter(position);
  }, []);
  const value = useMemo(
    () => ({ person, loading, after, wrote, signedIn, signOut }),
    [person, loading, after, wrote, signedIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
