import Database from 'better-sqlite3';
const stats = new Map<string, { n: number; ms: number; rows: number }>();
const proto = (Database.prototype as any);
const origPrepare = proto.prepare;
proto.prepare = function (sqlText: string) {
  const st = origPrepare.call(this, sqlText);
  const key = sqlText.replace(/\?(, \?)+/g, '?..').replace(/\(\?\.\.\)/g, '(..)').slice(0, 160);
  for (const m of ['all', 'run', 'get', 'iterate']) {
    const f = st[m];
    if (!f) continue;
    st[m] = function (...a: unknown[]) {
      const t0 = performance.now();
      const r = f.apply(this, a);
      const s = stats.get(key) ?? { n: 0, ms: 0, rows: 0 };
      s.n++; s.ms += performance.now() - t0; s.rows += Array.isArray(r) ? r.length : 1;
      stats.set(key, s);
      return r;
    };
  }
  return st;
};
let prepares = 0; const pp = proto.prepare; proto.prepare = function (s: string) { prepares++; return pp.call(this, s); };
process.on('exit', () => {
  console.log('prepares', prepares);
  for (const [k, v] of [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) console.log(v.ms.toFixed(0).padStart(6), 'ms', String(v.n).padStart(7), String(v.rows).padStart(8), k);
});
