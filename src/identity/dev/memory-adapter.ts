/**
 * The development login's storage: sessions, codes and tokens in one process's memory, each
 * dropped when it expires. Stating it here (rather than leaving oidc-provider's own quick-start
 * store) keeps the provider's warnings out of the service's JSON log; the development login is
 * meant to forget everything at each start.
 * @module
 */
import type { Adapter, AdapterFactory, AdapterPayload } from "oidc-provider";

export function memoryAdapter(): AdapterFactory {
  const items = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  const byUid = new Map<string, string>();
  const grants = new Map<string, Set<string>>();
  const live = (key: string): AdapterPayload | undefined => {
    const item = items.get(key);
    if (item === undefined) return undefined;
    if (item.expiresAt <= Date.now()) {
      items.delete(key);
      return undefined;
    }
    return item.payload;
  };
  return (model: string): Adapter => {
    const key = (id: string) => `${model}:${id}`;
    return {
      upsert(id, payload, expiresIn) {
        items.set(key(id), { payload, expiresAt: Date.now() + (expiresIn ?? 3600) * 1000 });
        if (payload.uid !== undefined) byUid.set(payload.uid, id);
        if (payload.grantId !== undefined) {
          const set = grants.get(payload.grantId) ?? new Set<string>();
          set.add(key(id));
          grants.set(payload.grantId, set);
        }
        return Promise.resolve();
      },
      find: (id) => Promise.resolve(live(key(id))),
      findByUid(uid) {
        const id = byUid.get(uid);
        return Promise.resolve(id === undefined ? undefined : live(key(id)));
      },
      findByUserCode: () => Promise.resolve(undefined),
      consume(id) {
        const p = live(key(id));
        if (p !== undefined) p.consumed = Math.floor(Date.now() / 1000);
        return Promise.resolve();
      },
      destroy(id) {
        items.delete(key(id));
        return Promise.resolve();
      },
      revokeByGrantId(grantId) {
        for (const k of grants.get(grantId) ?? []) items.delete(k);
        grants.delete(grantId);
        return Promise.resolve();
      },
    };
  };
}
