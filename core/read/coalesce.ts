/**
 * Reads that many chats ask for at about the same time, asked once (issue 18): the calls made during one turn of
 * the event loop are collected and answered by one query for all their keys (`WHERE … IN (…)`), in the next
 * turn. The inbound queue hands updates of many chats to the bot at once (one Redis reply resolves several
 * chats' next updates), so the requester behind each chat and his open tickets are read for a group of chats
 * by one statement each instead of one each per update: fewer statements, fewer socket writes, and the query
 * built once. A quiet system answers each call alone, after one turn of the loop.
 */
export interface Coalesced<K, V> {
  load(key: K): Promise<V>;
}

/**
 * `loadMany` gets distinct keys (at most `max` at a time) and returns a value for each key it found; a key it
 * leaves out gets `missing`. A failure rejects every call of the group.
 */
export function coalesced<K, V>(loadMany: (keys: K[]) => Promise<Map<K, V>>, missing: V, max = 200): Coalesced<K, V> {
  let waiting = new Map<K, { resolve: (v: V) => void; reject: (e: unknown) => void }[]>();
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const group = waiting;
    waiting = new Map();
    const keys = [...group.keys()];
    for (let i = 0; i < keys.length; i += max) {
      const part = keys.slice(i, i + max);
      loadMany(part).then(
        (found) => {
          for (const k of part) for (const w of group.get(k)!) w.resolve(found.has(k) ? found.get(k)! : missing);
        },
        (err) => {
          for (const k of part) for (const w of group.get(k)!) w.reject(err);
        },
      );
    }
  };
  return {
    load(key) {
      return new Promise<V>((resolve, reject) => {
        const list = waiting.get(key);
        if (list) list.push({ resolve, reject });
        else waiting.set(key, [{ resolve, reject }]);
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
  };
}

/** one coalescer per data source (or any owner object), made on first use */
export function perOwner<O extends object, K, V>(make: (owner: O) => Coalesced<K, V>): (owner: O) => Coalesced<K, V> {
  const all = new WeakMap<O, Coalesced<K, V>>();
  return (owner) => {
    let c = all.get(owner);
    if (!c) all.set(owner, (c = make(owner)));
    return c;
  };
}
