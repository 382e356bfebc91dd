// The logged-in user inside the app shell (never null there).
import type { MeDto } from '../../../shared/api';
import { useMe } from '../api/auth';

export function useSession(): MeDto {
  const me = useMe();
  if (!me.data) throw new Error('useSession outside the authenticated app');
  return me.data;
}
