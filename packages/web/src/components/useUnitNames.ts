// Names of units known only by id (a version's stored residence): GET /admin-units/{id} once per
// id per page load.
import { useEffect, useState } from 'react';
import { get } from '../api/client.ts';
import type { AdminUnitDetail } from '../api/types.ts';

const cache = new Map<string, Promise<string>>();

export function useUnitNames(ids: string[]): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({});
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    let live = true;
    for (const id of key ? key.split(',') : []) {
      let p = cache.get(id);
      if (!p) {
        p = get<AdminUnitDetail>(`/admin-units/${id}`).then((u) => u.name, () => id);
        cache.set(id, p);
      }
      void p.then((name) => { if (live) setNames((n) => (n[id] === name ? n : { ...n, [id]: name })); });
    }
    return () => { live = false; };
  }, [key]);
  return names;
}
