import { createRequire as __warmbuildCreateRequire } from 'node:module';
const require = __warmbuildCreateRequire(import.meta.url);
import {
  cache_exports,
  core_exports,
  formatBytes,
  formatMs,
  readBaseline,
  resolveCachePath,
  saveWithReport,
  warning,
  writeSummary
} from "./chunks/chunk-GRGCX3CR.js";

// src/save.ts
import fs10 from "node:fs";
import path10 from "node:path";

// ../core/dist/cache/content-cache.js
import fs9 from "node:fs";
import path9 from "node:path";

// ../../node_modules/.pnpm/lru-cache@11.5.3/node_modules/lru-cache/dist/esm/node/index.min.js
import { tracingChannel as G, channel as P } from "node:diagnostics_channel";
var S = P("lru-cache:metrics");
var W = G("lru-cache");
var L = typeof performance == "object" && performance && typeof performance.now == "function" ? performance : Date;
var R = () => S.hasSubscribers || W.hasSubscribers;
var U = /* @__PURE__ */ new Set();
var M = typeof process == "object" && process ? process : {};
var k = (d3, e, t, i) => {
  typeof M.emitWarning == "function" ? M.emitWarning(d3, e, t, i) : console.error(`[${t}] ${e}: ${d3}`);
};
var H = (d3) => !U.has(d3);
var T = (d3) => !!d3 && d3 === Math.floor(d3) && d3 > 0 && isFinite(d3);
var j = (d3) => T(d3) ? d3 <= Math.pow(2, 8) ? Uint8Array : d3 <= Math.pow(2, 16) ? Uint16Array : d3 <= Math.pow(2, 32) ? Uint32Array : d3 <= Number.MAX_SAFE_INTEGER ? O : null : null;
var O = class extends Array {
  constructor(e) {
    super(e), this.fill(0);
  }
};
var x = class d {
  heap;
  length;
  static #o = false;
  static create(e) {
    let t = j(e);
    if (!t) return [];
    d.#o = true;
    let i = new d(e, t);
    return d.#o = false, i;
  }
  constructor(e, t) {
    if (!d.#o) throw new TypeError("instantiate Stack using Stack.create(n)");
    this.heap = new t(e), this.length = 0;
  }
  push(e) {
    this.heap[this.length++] = e;
  }
  pop() {
    return this.heap[--this.length];
  }
};
var I = class d2 {
  #o;
  #c;
  #S;
  #O;
  #w;
  #M;
  #I;
  #m;
  get perf() {
    return this.#m;
  }
  ttl;
  ttlResolution;
  ttlAutopurge;
  updateAgeOnGet;
  updateAgeOnHas;
  allowStale;
  noDisposeOnSet;
  noUpdateTTL;
  maxEntrySize;
  sizeCalculation;
  noDeleteOnFetchRejection;
  noDeleteOnStaleGet;
  allowStaleOnFetchAbort;
  allowStaleOnFetchRejection;
  ignoreFetchAbort;
  backgroundFetchSize;
  #n;
  #b;
  #s;
  #i;
  #t;
  #l;
  #u;
  #a;
  #h;
  #y;
  #r;
  #_;
  #F;
  #d;
  #g;
  #T;
  #U;
  #f;
  #D;
  static unsafeExposeInternals(e) {
    return { starts: e.#F, ttls: e.#d, autopurgeTimers: e.#g, sizes: e.#_, keyMap: e.#s, keyList: e.#i, valList: e.#t, next: e.#l, prev: e.#u, get head() {
      return e.#a;
    }, get tail() {
      return e.#h;
    }, free: e.#y, isBackgroundFetch: (t) => e.#e(t), backgroundFetch: (t, i, s, n) => e.#P(t, i, s, n), moveToTail: (t) => e.#L(t), indexes: (t) => e.#A(t), rindexes: (t) => e.#z(t), isStale: (t) => e.#p(t) };
  }
  get max() {
    return this.#o;
  }
  get maxSize() {
    return this.#c;
  }
  get calculatedSize() {
    return this.#b;
  }
  get size() {
    return this.#n;
  }
  get fetchMethod() {
    return this.#M;
  }
  get memoMethod() {
    return this.#I;
  }
  get dispose() {
    return this.#S;
  }
  get onInsert() {
    return this.#O;
  }
  get disposeAfter() {
    return this.#w;
  }
  constructor(e) {
    let { max: t = 0, ttl: i, ttlResolution: s = 1, ttlAutopurge: n, updateAgeOnGet: o, updateAgeOnHas: l, allowStale: h, dispose: r, onInsert: c, disposeAfter: m, noDisposeOnSet: _, noUpdateTTL: u, maxSize: g = 0, maxEntrySize: f = 0, sizeCalculation: y, fetchMethod: a, memoMethod: w, noDeleteOnFetchRejection: F, noDeleteOnStaleGet: b, allowStaleOnFetchRejection: p, allowStaleOnFetchAbort: A, ignoreFetchAbort: z, backgroundFetchSize: C = 1, perf: E } = e;
    if (this.backgroundFetchSize = C, E !== void 0 && typeof E?.now != "function") throw new TypeError("perf option must have a now() method if specified");
    if (this.#m = E ?? L, t !== 0 && !T(t)) throw new TypeError("max option must be a nonnegative integer");
    let v = t ? j(t) : Array;
    if (!v) throw new Error("invalid max value: " + t);
    if (this.#o = t, this.#c = g, this.maxEntrySize = f || this.#c, this.sizeCalculation = y, this.sizeCalculation) {
      if (!this.#c && !this.maxEntrySize) throw new TypeError("cannot set sizeCalculation without setting maxSize or maxEntrySize");
      if (typeof this.sizeCalculation != "function") throw new TypeError("sizeCalculation set to non-function");
    }
    if (w !== void 0 && typeof w != "function") throw new TypeError("memoMethod must be a function if defined");
    if (this.#I = w, a !== void 0 && typeof a != "function") throw new TypeError("fetchMethod must be a function if specified");
    if (this.#M = a, this.#U = !!a, this.#s = /* @__PURE__ */ new Map(), this.#i = Array.from({ length: t }).fill(void 0), this.#t = Array.from({ length: t }).fill(void 0), this.#l = new v(t), this.#u = new v(t), this.#a = 0, this.#h = 0, this.#y = x.create(t), this.#n = 0, this.#b = 0, typeof r == "function" && (this.#S = r), typeof c == "function" && (this.#O = c), typeof m == "function" ? (this.#w = m, this.#r = []) : (this.#w = void 0, this.#r = void 0), this.#T = !!this.#S, this.#D = !!this.#O, this.#f = !!this.#w, this.noDisposeOnSet = !!_, this.noUpdateTTL = !!u, this.noDeleteOnFetchRejection = !!F, this.allowStaleOnFetchRejection = !!p, this.allowStaleOnFetchAbort = !!A, this.ignoreFetchAbort = !!z, this.maxEntrySize !== 0) {
      if (this.#c !== 0 && !T(this.#c)) throw new TypeError("maxSize must be a positive integer if specified");
      if (!T(this.maxEntrySize)) throw new TypeError("maxEntrySize must be a positive integer if specified");
      this.#X();
    }
    if (this.allowStale = !!h, this.noDeleteOnStaleGet = !!b, this.updateAgeOnGet = !!o, this.updateAgeOnHas = !!l, this.ttlResolution = T(s) || s === 0 ? s : 1, this.ttlAutopurge = !!n, this.ttl = i || 0, this.ttl) {
      if (!T(this.ttl)) throw new TypeError("ttl must be a positive integer if specified");
      this.#k();
    }
    if (this.#o === 0 && this.ttl === 0 && this.#c === 0) throw new TypeError("At least one of max, maxSize, or ttl is required");
    if (!this.ttlAutopurge && !this.#o && !this.#c) {
      let D = "LRU_CACHE_UNBOUNDED";
      H(D) && (U.add(D), k("TTL caching without ttlAutopurge, max, or maxSize can result in unbounded memory consumption.", "UnboundedCacheWarning", D, d2));
    }
  }
  getRemainingTTL(e) {
    return this.#s.has(e) ? 1 / 0 : 0;
  }
  #k() {
    let e = new O(this.#o), t = new O(this.#o);
    this.#d = e, this.#F = t;
    let i = this.ttlAutopurge ? Array.from({ length: this.#o }) : void 0;
    this.#g = i, this.#H = (h, r, c = this.#m.now()) => {
      t[h] = r !== 0 ? c : 0, e[h] = r, s(h, r);
    }, this.#R = (h) => {
      t[h] = e[h] !== 0 ? this.#m.now() : 0, s(h, e[h]);
    };
    let s = this.ttlAutopurge ? (h, r) => {
      if (i?.[h] && (clearTimeout(i[h]), i[h] = void 0), r && r !== 0 && i) {
        let c = setTimeout(() => {
          this.#p(h) ? (this.#E(this.#i[h], "expire"), i[h] = void 0) : s(h, l(h));
        }, r + 1);
        c.unref && c.unref(), i[h] = c;
      }
    } : () => {
    };
    this.#v = (h, r) => {
      if (e[r]) {
        let c = e[r], m = t[r];
        if (!c || !m) return;
        h.ttl = c, h.start = m, h.now = n || o();
        let _ = h.now - m;
        h.remainingTTL = c - _;
      }
    };
    let n = 0, o = () => {
      let h = this.#m.now();
      if (this.ttlResolution > 0) {
        n = h;
        let r = setTimeout(() => n = 0, this.ttlResolution);
        r.unref && r.unref();
      }
      return h;
    };
    this.getRemainingTTL = (h) => {
      let r = this.#s.get(h);
      return r === void 0 ? 0 : l(r);
    };
    let l = (h) => {
      let r = e[h], c = t[h];
      if (!r || !c) return 1 / 0;
      let m = (n || o()) - c;
      return r - m;
    };
    this.#p = (h) => {
      let r = t[h], c = e[h];
      return !!c && !!r && (n || o()) - r > c;
    };
  }
  #R = () => {
  };
  #v = () => {
  };
  #H = () => {
  };
  #p = () => false;
  #X() {
    let e = new O(this.#o);
    this.#b = 0, this.#_ = e, this.#x = (t) => {
      this.#b -= e[t], e[t] = 0;
    }, this.#N = (t, i, s, n) => {
      if (!T(s)) {
        if (this.#e(i)) return this.backgroundFetchSize;
        if (n) {
          if (typeof n != "function") throw new TypeError("sizeCalculation must be a function");
          if (s = n(i, t), !T(s)) throw new TypeError("sizeCalculation return invalid (expect positive integer)");
        } else throw new TypeError("invalid size value (must be positive integer). When maxSize or maxEntrySize is used, sizeCalculation or size must be set.");
      }
      return s;
    }, this.#j = (t, i, s) => {
      if (e[t] = i, this.#c) {
        let n = this.#c - e[t];
        for (; this.#b > n; ) this.#G(true);
      }
      this.#b += e[t], s && (s.entrySize = i, s.totalCalculatedSize = this.#b);
    };
  }
  #x = (e) => {
  };
  #j = (e, t, i) => {
  };
  #N = (e, t, i, s) => {
    if (i || s) throw new TypeError("cannot set size without setting maxSize or maxEntrySize on cache");
    return 0;
  };
  *#A({ allowStale: e = this.allowStale } = {}) {
    if (this.#n) for (let t = this.#h; this.#V(t) && ((e || !this.#p(t)) && (yield t), t !== this.#a); ) t = this.#u[t];
  }
  *#z({ allowStale: e = this.allowStale } = {}) {
    if (this.#n) for (let t = this.#a; this.#V(t) && ((e || !this.#p(t)) && (yield t), t !== this.#h); ) t = this.#l[t];
  }
  #V(e) {
    return e !== void 0 && this.#s.get(this.#i[e]) === e;
  }
  *entries() {
    for (let e of this.#A()) this.#t[e] !== void 0 && this.#i[e] !== void 0 && !this.#e(this.#t[e]) && (yield [this.#i[e], this.#t[e]]);
  }
  *rentries() {
    for (let e of this.#z()) this.#t[e] !== void 0 && this.#i[e] !== void 0 && !this.#e(this.#t[e]) && (yield [this.#i[e], this.#t[e]]);
  }
  *keys() {
    for (let e of this.#A()) {
      let t = this.#i[e];
      t !== void 0 && !this.#e(this.#t[e]) && (yield t);
    }
  }
  *rkeys() {
    for (let e of this.#z()) {
      let t = this.#i[e];
      t !== void 0 && !this.#e(this.#t[e]) && (yield t);
    }
  }
  *values() {
    for (let e of this.#A()) this.#t[e] !== void 0 && !this.#e(this.#t[e]) && (yield this.#t[e]);
  }
  *rvalues() {
    for (let e of this.#z()) this.#t[e] !== void 0 && !this.#e(this.#t[e]) && (yield this.#t[e]);
  }
  [Symbol.iterator]() {
    return this.entries();
  }
  [Symbol.toStringTag] = "LRUCache";
  find(e, t = {}) {
    for (let i of this.#A()) {
      let s = this.#t[i], n = this.#e(s) ? s.__staleWhileFetching : s;
      if (n !== void 0 && e(n, this.#i[i], this)) return this.#C(this.#i[i], t);
    }
  }
  forEach(e, t = this) {
    for (let i of this.#A()) {
      let s = this.#t[i], n = this.#e(s) ? s.__staleWhileFetching : s;
      n !== void 0 && e.call(t, n, this.#i[i], this);
    }
  }
  rforEach(e, t = this) {
    for (let i of this.#z()) {
      let s = this.#t[i], n = this.#e(s) ? s.__staleWhileFetching : s;
      n !== void 0 && e.call(t, n, this.#i[i], this);
    }
  }
  purgeStale() {
    let e = false;
    for (let t of this.#z({ allowStale: true })) this.#p(t) && (this.#E(this.#i[t], "expire"), e = true);
    return e;
  }
  info(e) {
    let t = this.#s.get(e);
    if (t === void 0) return;
    let i = this.#t[t], s = this.#e(i) ? i.__staleWhileFetching : i;
    if (s === void 0) return;
    let n = { value: s };
    if (this.#d && this.#F) {
      let o = this.#d[t], l = this.#F[t];
      if (o && l) {
        let h = o - (this.#m.now() - l);
        n.ttl = h, n.start = Date.now();
      }
    }
    return this.#_ && (n.size = this.#_[t]), n;
  }
  dump() {
    let e = [];
    for (let t of this.#A({ allowStale: true })) {
      let i = this.#i[t], s = this.#t[t], n = this.#e(s) ? s.__staleWhileFetching : s;
      if (n === void 0 || i === void 0) continue;
      let o = { value: n };
      if (this.#d && this.#F) {
        o.ttl = this.#d[t];
        let l = this.#m.now() - this.#F[t];
        o.start = Math.floor(Date.now() - l);
      }
      this.#_ && (o.size = this.#_[t]), e.unshift([i, o]);
    }
    return e;
  }
  load(e) {
    this.clear();
    for (let [t, i] of e) {
      if (i.start) {
        let s = Date.now() - i.start;
        i.start = this.#m.now() - s;
      }
      this.#W(t, i.value, i);
    }
  }
  set(e, t, i = {}) {
    let { status: s = S.hasSubscribers ? {} : void 0 } = i;
    i.status = s, s && (s.op = "set", s.key = e, t !== void 0 && (s.value = t), s.cache = this);
    let n = this.#W(e, t, i);
    return s && S.hasSubscribers && S.publish(s), n;
  }
  #W(e, t, i, s) {
    let { ttl: n = this.ttl, start: o, noDisposeOnSet: l = this.noDisposeOnSet, sizeCalculation: h = this.sizeCalculation, status: r } = i, c = this.#e(t);
    if (t === void 0) return r && (r.set = "deleted"), this.delete(e), this;
    let { noUpdateTTL: m = this.noUpdateTTL } = i;
    r && !c && (r.value = t);
    let _ = this.#N(e, t, i.size || 0, h, r);
    if (this.maxEntrySize && _ > this.maxEntrySize) return this.#E(e, "set"), r && (r.set = "miss", r.maxEntrySizeExceeded = true), this;
    let u = this.#n === 0 ? void 0 : this.#s.get(e);
    if (u === void 0) u = this.#n === 0 ? this.#h : this.#y.length !== 0 ? this.#y.pop() : this.#n === this.#o ? this.#G(false) : this.#n, this.#i[u] = e, this.#t[u] = t, this.#s.set(e, u), this.#l[this.#h] = u, this.#u[u] = this.#h, this.#h = u, this.#n++, this.#j(u, _, r), r && (r.set = "add"), m = false, this.#D && !c && this.#O?.(t, e, "add");
    else {
      this.#L(u);
      let g = this.#t[u];
      if (t !== g) {
        if (!l) if (this.#e(g)) {
          g !== s && g.__abortController.abort(new Error("replaced"));
          let { __staleWhileFetching: f } = g;
          f !== void 0 && f !== t && (this.#T && this.#S?.(f, e, "set"), this.#f && this.#r?.push([f, e, "set"]));
        } else this.#T && this.#S?.(g, e, "set"), this.#f && this.#r?.push([g, e, "set"]);
        if (this.#x(u), this.#j(u, _, r), this.#t[u] = t, !c) {
          let f = g && this.#e(g) ? g.__staleWhileFetching : g, y = f === void 0 ? "add" : t !== f ? "replace" : "update";
          r && (r.set = y, f !== void 0 && (r.oldValue = f)), this.#D && this.onInsert?.(t, e, y);
        }
      } else c || (r && (r.set = "update"), this.#D && this.onInsert?.(t, e, "update"));
    }
    if (n !== 0 && !this.#d && this.#k(), this.#d && (m || this.#H(u, n, o), r && this.#v(r, u)), !l && this.#f && this.#r) {
      let g = this.#r, f;
      for (; f = g?.shift(); ) this.#w?.(...f);
    }
    return this;
  }
  pop() {
    try {
      for (; this.#n; ) {
        let e = this.#t[this.#a];
        if (this.#G(true), this.#e(e)) {
          if (e.__staleWhileFetching) return e.__staleWhileFetching;
        } else if (e !== void 0) return e;
      }
    } finally {
      if (this.#f && this.#r) {
        let e = this.#r, t;
        for (; t = e?.shift(); ) this.#w?.(...t);
      }
    }
  }
  #G(e) {
    let t = this.#a, i = this.#i[t], s = this.#t[t], n = this.#e(s);
    n && s.__abortController.abort(new Error("evicted"));
    let o = n ? s.__staleWhileFetching : s;
    return (this.#T || this.#f) && o !== void 0 && (this.#T && this.#S?.(o, i, "evict"), this.#f && this.#r?.push([o, i, "evict"])), this.#x(t), this.#g?.[t] && (clearTimeout(this.#g[t]), this.#g[t] = void 0), e && (this.#i[t] = void 0, this.#t[t] = void 0, this.#y.push(t)), this.#n === 1 ? (this.#a = this.#h = 0, this.#y.length = 0) : this.#a = this.#l[t], this.#s.delete(i), this.#n--, t;
  }
  has(e, t = {}) {
    let { status: i = S.hasSubscribers ? {} : void 0 } = t;
    t.status = i, i && (i.op = "has", i.key = e, i.cache = this);
    let s = this.#Y(e, t);
    return S.hasSubscribers && S.publish(i), s;
  }
  #Y(e, t = {}) {
    let { updateAgeOnHas: i = this.updateAgeOnHas, status: s } = t, n = this.#s.get(e);
    if (n !== void 0) {
      let o = this.#t[n];
      if (this.#e(o) && o.__staleWhileFetching === void 0) return false;
      if (this.#p(n)) s && (s.has = "stale", this.#v(s, n));
      else return i && this.#R(n), s && (s.has = "hit", this.#v(s, n)), true;
    } else s && (s.has = "miss");
    return false;
  }
  peek(e, t = {}) {
    let { status: i = R() ? {} : void 0 } = t;
    i && (i.op = "peek", i.key = e, i.cache = this), t.status = i;
    let s = this.#J(e, t);
    return S.hasSubscribers && S.publish(i), s;
  }
  #J(e, t) {
    let { status: i, allowStale: s = this.allowStale } = t, n = this.#s.get(e);
    if (n === void 0 || !s && this.#p(n)) {
      i && (i.peek = n === void 0 ? "miss" : "stale");
      return;
    }
    let o = this.#t[n], l = this.#e(o) ? o.__staleWhileFetching : o;
    return i && (l !== void 0 ? (i.peek = "hit", i.value = l) : i.peek = "miss"), l;
  }
  #P(e, t, i, s) {
    let n = t === void 0 ? void 0 : this.#t[t];
    if (this.#e(n)) return n;
    let o = new AbortController(), { signal: l } = i;
    l?.addEventListener("abort", () => o.abort(l.reason), { signal: o.signal });
    let h = { signal: o.signal, options: i, context: s }, r = (f, y = false) => {
      let { aborted: a } = o.signal, w = i.ignoreFetchAbort && f !== void 0, F = i.ignoreFetchAbort || !!(i.allowStaleOnFetchAbort && f !== void 0);
      if (i.status && (a && !y ? (i.status.fetchAborted = true, i.status.fetchError = o.signal.reason, w && (i.status.fetchAbortIgnored = true)) : i.status.fetchResolved = true), a && !w && !y) return m(o.signal.reason, F);
      let b = u, p = this.#t[t];
      return (p === u || p === void 0 && w && y) && (f === void 0 ? b.__staleWhileFetching !== void 0 ? this.#t[t] = b.__staleWhileFetching : this.#E(e, "fetch") : (i.status && (i.status.fetchUpdated = true), this.#W(e, f, h.options, b))), f;
    }, c = (f) => (i.status && (i.status.fetchRejected = true, i.status.fetchError = f), m(f, false)), m = (f, y) => {
      let { aborted: a } = o.signal, w = a && i.allowStaleOnFetchAbort, F = w || i.allowStaleOnFetchRejection, b = F || i.noDeleteOnFetchRejection, p = u;
      if (this.#t[t] === u && (!b || !y && p.__staleWhileFetching === void 0 ? this.#E(e, "fetch") : w || (this.#t[t] = p.__staleWhileFetching)), F) return i.status && p.__staleWhileFetching !== void 0 && (i.status.returnedStale = true), p.__staleWhileFetching;
      if (p.__returned === p) throw f;
    }, _ = (f, y) => {
      let a = this.#M?.(e, n, h);
      o.signal.addEventListener("abort", () => {
        (!i.ignoreFetchAbort || i.allowStaleOnFetchAbort) && (f(void 0), i.allowStaleOnFetchAbort && (f = (w) => r(w, true)));
      }), a && a instanceof Promise ? a.then((w) => f(w === void 0 ? void 0 : w), y) : a !== void 0 && f(a);
    };
    i.status && (i.status.fetchDispatched = true);
    let u = new Promise(_).then(r, c), g = Object.assign(u, { __abortController: o, __staleWhileFetching: n, __returned: void 0 });
    return t === void 0 ? (this.#W(e, g, { ...h.options, status: void 0 }), t = this.#s.get(e)) : this.#t[t] = g, g;
  }
  #e(e) {
    if (!this.#U) return false;
    let t = e;
    return !!t && t instanceof Promise && t.hasOwnProperty("__staleWhileFetching") && t.__abortController instanceof AbortController;
  }
  fetch(e, t = {}) {
    let i = W.hasSubscribers, { status: s = R() ? {} : void 0 } = t;
    t.status = s, s && t.context && (s.context = t.context);
    let n = this.#B(e, t);
    return s && i && (s.trace = true, W.tracePromise(() => n, s).catch(() => {
    })), n;
  }
  async #B(e, t = {}) {
    let { allowStale: i = this.allowStale, updateAgeOnGet: s = this.updateAgeOnGet, noDeleteOnStaleGet: n = this.noDeleteOnStaleGet, ttl: o = this.ttl, noDisposeOnSet: l = this.noDisposeOnSet, size: h = 0, sizeCalculation: r = this.sizeCalculation, noUpdateTTL: c = this.noUpdateTTL, noDeleteOnFetchRejection: m = this.noDeleteOnFetchRejection, allowStaleOnFetchRejection: _ = this.allowStaleOnFetchRejection, ignoreFetchAbort: u = this.ignoreFetchAbort, allowStaleOnFetchAbort: g = this.allowStaleOnFetchAbort, context: f, forceRefresh: y = false, status: a, signal: w } = t;
    if (a && (a.op = "fetch", a.key = e, y && (a.forceRefresh = true), a.cache = this), !this.#U) return a && (a.fetch = "get"), this.#C(e, { allowStale: i, updateAgeOnGet: s, noDeleteOnStaleGet: n, status: a });
    let F = { allowStale: i, updateAgeOnGet: s, noDeleteOnStaleGet: n, ttl: o, noDisposeOnSet: l, size: h, sizeCalculation: r, noUpdateTTL: c, noDeleteOnFetchRejection: m, allowStaleOnFetchRejection: _, allowStaleOnFetchAbort: g, ignoreFetchAbort: u, status: a, signal: w }, b = this.#s.get(e);
    if (b === void 0) {
      a && (a.fetch = "miss");
      let p = this.#P(e, b, F, f);
      return p.__returned = p;
    } else {
      let p = this.#t[b];
      if (this.#e(p)) {
        let v = i && p.__staleWhileFetching !== void 0;
        return a && (a.fetch = "inflight", v && (a.returnedStale = true)), v ? p.__staleWhileFetching : p.__returned = p;
      }
      let A = this.#p(b);
      if (!y && !A) return a && (a.fetch = "hit"), this.#L(b), s && this.#R(b), a && this.#v(a, b), p;
      let z = this.#P(e, b, F, f), E = z.__staleWhileFetching !== void 0 && i;
      return a && (a.fetch = A ? "stale" : "refresh", E && A && (a.returnedStale = true)), E ? z.__staleWhileFetching : z.__returned = z;
    }
  }
  forceFetch(e, t = {}) {
    let i = W.hasSubscribers, { status: s = R() ? {} : void 0 } = t;
    t.status = s, s && t.context && (s.context = t.context);
    let n = this.#K(e, t);
    return s && i && (s.trace = true, W.tracePromise(() => n, s).catch(() => {
    })), n;
  }
  async #K(e, t = {}) {
    let i = await this.#B(e, t);
    if (i === void 0) throw new Error("fetch() returned undefined");
    return i;
  }
  memo(e, t = {}) {
    let { status: i = S.hasSubscribers ? {} : void 0 } = t;
    t.status = i, i && (i.op = "memo", i.key = e, t.context && (i.context = t.context), i.cache = this);
    let s = this.#Q(e, t);
    return i && (i.value = s), S.hasSubscribers && S.publish(i), s;
  }
  #Q(e, t = {}) {
    let i = this.#I;
    if (!i) throw new Error("no memoMethod provided to constructor");
    let { context: s, status: n, forceRefresh: o, ...l } = t;
    n && o && (n.forceRefresh = true);
    let h = this.#C(e, l), r = o || h === void 0;
    if (n && (n.memo = r ? "miss" : "hit", r || (n.value = h)), !r) return h;
    let c = i(e, h, { options: l, context: s });
    return n && (n.value = c), this.#W(e, c, l), c;
  }
  get(e, t = {}) {
    let { status: i = S.hasSubscribers ? {} : void 0 } = t;
    t.status = i, i && (i.op = "get", i.key = e, i.cache = this);
    let s = this.#C(e, t);
    return i && (s !== void 0 && (i.value = s), S.hasSubscribers && S.publish(i)), s;
  }
  #C(e, t = {}) {
    let { allowStale: i = this.allowStale, updateAgeOnGet: s = this.updateAgeOnGet, noDeleteOnStaleGet: n = this.noDeleteOnStaleGet, status: o } = t, l = this.#s.get(e);
    if (l === void 0) {
      o && (o.get = "miss");
      return;
    }
    let h = this.#t[l], r = this.#e(h);
    return o && this.#v(o, l), this.#p(l) ? r ? (o && (o.get = "stale-fetching"), i && h.__staleWhileFetching !== void 0 ? (o && (o.returnedStale = true), h.__staleWhileFetching) : void 0) : (n || this.#E(e, "expire"), o && (o.get = "stale"), i ? (o && (o.returnedStale = true), h) : void 0) : (o && (o.get = r ? "fetching" : "hit"), this.#L(l), s && this.#R(l), r ? h.__staleWhileFetching : h);
  }
  #$(e, t) {
    this.#u[t] = e, this.#l[e] = t;
  }
  #L(e) {
    e !== this.#h && (e === this.#a ? this.#a = this.#l[e] : this.#$(this.#u[e], this.#l[e]), this.#$(this.#h, e), this.#h = e);
  }
  delete(e) {
    return this.#E(e, "delete");
  }
  #E(e, t) {
    S.hasSubscribers && S.publish({ op: "delete", delete: t, key: e, cache: this });
    let i = false;
    if (this.#n !== 0) {
      let s = this.#s.get(e);
      if (s !== void 0) if (this.#g?.[s] && (clearTimeout(this.#g[s]), this.#g[s] = void 0), i = true, this.#n === 1) this.#q(t);
      else {
        this.#x(s);
        let n = this.#t[s];
        if (this.#e(n) ? n.__abortController.abort(new Error("deleted")) : (this.#T || this.#f) && (this.#T && this.#S?.(n, e, t), this.#f && this.#r?.push([n, e, t])), this.#s.delete(e), this.#i[s] = void 0, this.#t[s] = void 0, s === this.#h) this.#h = this.#u[s];
        else if (s === this.#a) this.#a = this.#l[s];
        else {
          let o = this.#u[s];
          this.#l[o] = this.#l[s];
          let l = this.#l[s];
          this.#u[l] = this.#u[s];
        }
        this.#n--, this.#y.push(s);
      }
    }
    if (this.#f && this.#r?.length) {
      let s = this.#r, n;
      for (; n = s?.shift(); ) this.#w?.(...n);
    }
    return i;
  }
  clear() {
    return this.#q("delete");
  }
  #q(e) {
    for (let t of this.#z({ allowStale: true })) {
      let i = this.#t[t];
      if (this.#e(i)) i.__abortController.abort(new Error("deleted"));
      else {
        let s = this.#i[t];
        this.#T && this.#S?.(i, s, e), this.#f && this.#r?.push([i, s, e]);
      }
    }
    if (this.#s.clear(), this.#t.fill(void 0), this.#i.fill(void 0), this.#d && this.#F) {
      this.#d.fill(0), this.#F.fill(0);
      for (let t of this.#g ?? []) t !== void 0 && clearTimeout(t);
      this.#g?.fill(void 0);
    }
    if (this.#_ && this.#_.fill(0), this.#a = 0, this.#h = 0, this.#y.length = 0, this.#b = 0, this.#n = 0, this.#f && this.#r) {
      let t = this.#r, i;
      for (; i = t?.shift(); ) this.#w?.(...i);
    }
  }
};

// ../core/dist/version.js
import { createRequire } from "node:module";
var require2 = createRequire(import.meta.url);
var WARMBUILD_VERSION = require2("../package.json").version;
var CACHE_FORMAT_VERSION = 1;

// ../core/dist/internal/escape-control.js
var CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
var NAMED = { "\n": "\\n", "\r": "\\r", "	": "\\t" };
function visible(char) {
  const named = NAMED[char];
  if (named)
    return named;
  const code = char.charCodeAt(0);
  return code <= 255 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}
function escapeControlCharacters(text) {
  CONTROL.lastIndex = 0;
  return CONTROL.test(text) ? text.replace(CONTROL, visible) : text;
}

// ../core/dist/internal/logger.js
var stderrLogger = {
  warn: (message) => process.stderr.write(`warmbuild: ${escapeControlCharacters(message)}
`),
  info: (message) => process.stderr.write(`warmbuild: ${escapeControlCharacters(message)}
`)
};
function createOnceLogger(target) {
  const said = /* @__PURE__ */ new Set();
  return {
    warn(message) {
      if (said.has(message))
        return;
      said.add(message);
      target.warn(message);
    },
    info: target.info?.bind(target)
  };
}

// ../core/dist/internal/exit-hooks.js
var hooks = /* @__PURE__ */ new Set();
var installed = false;
function runAll() {
  for (const hook of [...hooks]) {
    try {
      hook();
    } catch (error) {
      process.stderr.write(`warmbuild: could not flush cache on exit: ${error.message}
`);
    }
  }
  hooks.clear();
}
function onSignal(signal) {
  runAll();
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  if (process.listenerCount(signal) === 0)
    process.kill(process.pid, signal);
}
function install() {
  if (installed)
    return;
  installed = true;
  process.on("exit", runAll);
  process.on("uncaughtExceptionMonitor", runAll);
  process.prependListener("SIGINT", onSignal);
  process.prependListener("SIGTERM", onSignal);
}
function onExit(flush) {
  install();
  hooks.add(flush);
  return () => hooks.delete(flush);
}

// ../core/dist/cache/hash.js
import { createRequire as createRequire3 } from "node:module";

// ../core/dist/internal/node-crypto.js
import { createRequire as createRequire2 } from "node:module";
var require3 = createRequire2(import.meta.url);
var loaded;
function nodeCrypto() {
  return loaded ??= require3("node:crypto");
}

// ../core/dist/cache/hash.js
var require4 = createRequire3(import.meta.url);
function loadXxh64() {
  if (process.env.WARMBUILD_HASH === "sha1")
    return void 0;
  try {
    return require4("@node-rs/xxhash").xxh64;
  } catch {
    return void 0;
  }
}
var xxh64 = loadXxh64();
var SEED_B = 0x9e3779b97f4a7c15n;
var HASH_ALGORITHM = xxh64 ? "xxh64x2" : "sha1";
function hex64(value) {
  return value.toString(16).padStart(16, "0");
}
function hashContent(data) {
  if (xxh64) {
    const input = typeof data === "string" ? Buffer.from(data) : data;
    return hex64(xxh64(input, 0n)) + hex64(xxh64(input, SEED_B));
  }
  return nodeCrypto().hash("sha1", typeof data === "string" ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength)).slice(0, 32);
}
function hashParts(parts) {
  const texts = parts.map((part) => part instanceof Uint8Array ? part : String(part));
  let size = 0;
  for (const text of texts)
    size += 4 + (typeof text === "string" ? Buffer.byteLength(text) : text.byteLength);
  const buffer = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const text of texts) {
    let length;
    if (typeof text === "string") {
      length = buffer.write(text, offset + 4);
    } else {
      buffer.set(text, offset + 4);
      length = text.byteLength;
    }
    buffer.writeUInt32LE(length, offset);
    offset += 4 + length;
  }
  return hashContent(buffer);
}

// ../core/dist/cache/disk-store.js
import fs6 from "node:fs";
import path6 from "node:path";

// ../core/dist/internal/atomic-write.js
import fs from "node:fs";
import path from "node:path";
var written = 0;
function tempName(target) {
  const unique = (Math.floor(Math.random() * 65536) * 65536 + written++ % 65536 >>> 0).toString(16).padStart(8, "0");
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${unique}.tmp`);
}
async function writeFileAtomic(target, data) {
  const tmp = tempName(target);
  try {
    await fs.promises.writeFile(tmp, data);
    await fs.promises.rename(tmp, target);
  } catch (error) {
    await fs.promises.rm(tmp, { force: true }).catch(() => void 0);
    throw error;
  }
}
function writeFileAtomicSync(target, data) {
  const tmp = tempName(target);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, target);
  } catch (error) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
    }
    throw error;
  }
}

// ../../node_modules/.pnpm/yocto-queue@1.2.2/node_modules/yocto-queue/index.js
var Node = class {
  value;
  next;
  constructor(value) {
    this.value = value;
  }
};
var Queue = class {
  #head;
  #tail;
  #size;
  constructor() {
    this.clear();
  }
  enqueue(value) {
    const node = new Node(value);
    if (this.#head) {
      this.#tail.next = node;
      this.#tail = node;
    } else {
      this.#head = node;
      this.#tail = node;
    }
    this.#size++;
  }
  dequeue() {
    const current = this.#head;
    if (!current) {
      return;
    }
    this.#head = this.#head.next;
    this.#size--;
    if (!this.#head) {
      this.#tail = void 0;
    }
    return current.value;
  }
  peek() {
    if (!this.#head) {
      return;
    }
    return this.#head.value;
  }
  clear() {
    this.#head = void 0;
    this.#tail = void 0;
    this.#size = 0;
  }
  get size() {
    return this.#size;
  }
  *[Symbol.iterator]() {
    let current = this.#head;
    while (current) {
      yield current.value;
      current = current.next;
    }
  }
  *drain() {
    while (this.#head) {
      yield this.dequeue();
    }
  }
};

// ../../node_modules/.pnpm/p-limit@7.3.3/node_modules/p-limit/index.js
function pLimit(concurrency) {
  let rejectOnClear = false;
  if (typeof concurrency === "object") {
    ({ concurrency, rejectOnClear = false } = concurrency);
  }
  validateConcurrency(concurrency);
  if (typeof rejectOnClear !== "boolean") {
    throw new TypeError("Expected `rejectOnClear` to be a boolean");
  }
  const queue = new Queue();
  let activeCount = 0;
  const resumeNext = () => {
    if (activeCount < concurrency && queue.size > 0) {
      activeCount++;
      queue.dequeue().run();
    }
  };
  const next = () => {
    activeCount--;
    resumeNext();
  };
  const run = async (function_, resolve, arguments_) => {
    const result = (async () => function_(...arguments_))();
    resolve(result);
    try {
      await result;
    } catch {
    }
    next();
  };
  const enqueue = (function_, resolve, reject, arguments_) => {
    const queueItem = { reject };
    new Promise((internalResolve) => {
      queueItem.run = internalResolve;
      queue.enqueue(queueItem);
    }).then(run.bind(void 0, function_, resolve, arguments_));
    if (activeCount < concurrency) {
      resumeNext();
    }
  };
  const generator = (function_, ...arguments_) => new Promise((resolve, reject) => {
    enqueue(function_, resolve, reject, arguments_);
  });
  Object.defineProperties(generator, {
    activeCount: {
      get: () => activeCount
    },
    pendingCount: {
      get: () => queue.size
    },
    clearQueue: {
      value() {
        if (!rejectOnClear) {
          queue.clear();
          return;
        }
        const abortError = AbortSignal.abort().reason;
        while (queue.size > 0) {
          queue.dequeue().reject(abortError);
        }
      }
    },
    concurrency: {
      get: () => concurrency,
      set(newConcurrency) {
        validateConcurrency(newConcurrency);
        concurrency = newConcurrency;
        queueMicrotask(() => {
          while (activeCount < concurrency && queue.size > 0) {
            resumeNext();
          }
        });
      }
    },
    map: {
      async value(iterable, function_) {
        const promises = [];
        try {
          Array.from(iterable, (value, index) => {
            const promise = generator(function_, value, index);
            promises.push(promise);
            return promise;
          });
        } catch (error) {
          for (const promise of promises) {
            promise.catch(() => {
            });
          }
          throw error;
        }
        return Promise.all(promises);
      }
    }
  });
  return generator;
}
function validateConcurrency(concurrency) {
  if (!((Number.isInteger(concurrency) || concurrency === Number.POSITIVE_INFINITY) && concurrency > 0)) {
    throw new TypeError("Expected `concurrency` to be a number from 1 and up");
  }
}

// ../core/dist/internal/limiter.js
var shared;
var DEFAULT_IO_CONCURRENCY = 64;
function sharedLimiter() {
  shared ??= pLimit(Number(process.env.WARMBUILD_IO_CONCURRENCY) || DEFAULT_IO_CONCURRENCY);
  return shared;
}

// ../core/dist/internal/debug.js
var enabled = /(^|,)\s*(warmbuild|\*)/.test(process.env.DEBUG ?? "");
function debug(scope, message) {
  if (enabled)
    process.stderr.write(`warmbuild:${scope} ${message}
`);
}

// ../core/dist/errors.js
var WarmbuildError = class extends Error {
  code;
  file;
  hint;
  constructor(code, message, details = {}) {
    super(message, details.cause === void 0 ? void 0 : { cause: details.cause });
    this.name = "WarmbuildError";
    this.code = code;
    this.file = details.file;
    this.hint = details.hint;
  }
  /** One line for a terminal: `[CODE] message (file) → hint`. */
  format() {
    let text = `[${this.code}] ${this.message}`;
    if (this.file)
      text += `
  file: ${this.file}`;
    if (this.hint)
      text += `
  fix: ${this.hint}`;
    return text;
  }
};
function errnoCode(error) {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string" ? error.code : void 0;
}

// ../core/dist/cache/entry-format.js
var MAGIC = Buffer.from("WBC1");
function encodeEntry(namespace, key, value) {
  const header = { k: key, n: namespace, c: hashContent(value), s: value.byteLength, t: Date.now() };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  return Buffer.concat([MAGIC, length, headerBytes, value]);
}
function decodeEntry(bytes, namespace, key) {
  if (bytes.length < 8 || !bytes.subarray(0, 4).equals(MAGIC))
    return "bad magic (foreign or older format)";
  const headerLength = bytes.readUInt32LE(4);
  if (8 + headerLength > bytes.length)
    return "truncated header";
  let header;
  try {
    header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString("utf8"));
  } catch {
    return "unparsable header";
  }
  if (header.k !== key || header.n !== namespace)
    return "entry belongs to another key";
  const payload = bytes.subarray(8 + headerLength);
  if (payload.length !== header.s)
    return `truncated payload (${payload.length} of ${header.s} bytes)`;
  if (hashContent(payload) !== header.c)
    return "checksum mismatch";
  return payload;
}

// ../core/dist/cache/pack-store.js
import fs2 from "node:fs";
import path2 from "node:path";
var MAGIC2 = "WBP1";
var HEADER_BYTES = 4 + 32;
var PACK_MAX_VALUE = 32 * 1024;
var PACK_MAX_BYTES = 64 * 1024 * 1024;
var LOCK_STALE_MS = 1e4;
var LOCK_WAIT_MS = 3e3;
function tryLock(lock) {
  try {
    fs2.closeSync(fs2.openSync(lock, "wx"));
    return true;
  } catch (error) {
    if (error.code !== "EEXIST")
      throw error;
    try {
      if (Date.now() - fs2.statSync(lock).mtimeMs > LOCK_STALE_MS)
        fs2.rmSync(lock, { force: true });
    } catch {
    }
    return false;
  }
}
function unlock(lock) {
  fs2.rmSync(lock, { force: true });
}
async function withLock(lock, body) {
  const deadline = Date.now() + LOCK_WAIT_MS;
  let locked = tryLock(lock);
  while (!locked && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 10));
    locked = tryLock(lock);
  }
  try {
    return await body();
  } finally {
    if (locked)
      unlock(lock);
  }
}
function withLockSync(lock, body) {
  const deadline = Date.now() + LOCK_WAIT_MS;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  let locked = tryLock(lock);
  while (!locked && Date.now() < deadline) {
    Atomics.wait(sleeper, 0, 0, 10);
    locked = tryLock(lock);
  }
  try {
    return body();
  } finally {
    if (locked)
      unlock(lock);
  }
}
function nowMinute() {
  return Math.floor(Date.now() / 6e4);
}
function decodePack(bytes) {
  if (bytes.length < HEADER_BYTES || bytes.toString("latin1", 0, 4) !== MAGIC2)
    return "bad magic";
  const body = bytes.subarray(HEADER_BYTES);
  if (hashContent(body) !== bytes.toString("latin1", 4, HEADER_BYTES))
    return "checksum mismatch";
  const out = /* @__PURE__ */ new Map();
  let offset = 0;
  while (offset < body.length) {
    if (offset + 1 > body.length)
      return "truncated record";
    const keyLength = body[offset];
    const valueStart = offset + 1 + keyLength + 8;
    if (valueStart > body.length)
      return "truncated record";
    const key = body.toString("latin1", offset + 1, offset + 1 + keyLength);
    const lastUsedMinute = body.readUInt32LE(offset + 1 + keyLength);
    const valueLength = body.readUInt32LE(offset + 1 + keyLength + 4);
    if (valueStart + valueLength > body.length)
      return "truncated value";
    out.set(key, { value: body.subarray(valueStart, valueStart + valueLength), lastUsedMinute });
    offset = valueStart + valueLength;
  }
  return out;
}
function encodePack(entries) {
  const chunks = [];
  for (const [key, entry] of entries) {
    const head = Buffer.alloc(1 + key.length + 8);
    head[0] = key.length;
    head.write(key, 1, "latin1");
    head.writeUInt32LE(entry.lastUsedMinute, 1 + key.length);
    head.writeUInt32LE(entry.value.length, 1 + key.length + 4);
    chunks.push(head, entry.value);
  }
  const body = Buffer.concat(chunks);
  return Buffer.concat([Buffer.from(MAGIC2 + hashContent(body), "latin1"), body]);
}
var usedFileOf = (file) => `${file}.used`;
function readUsed(file) {
  let text;
  try {
    text = fs2.readFileSync(usedFileOf(file), "utf8");
  } catch {
    return /* @__PURE__ */ new Map();
  }
  try {
    const used = JSON.parse(text).used;
    if (!used || typeof used !== "object")
      return /* @__PURE__ */ new Map();
    return new Map(Object.entries(used).filter((pair) => Number.isInteger(pair[1])));
  } catch {
    debug("pack", `${usedFileOf(file)}: unparsable; ignored`);
    return /* @__PURE__ */ new Map();
  }
}
function encodeUsed(used) {
  return JSON.stringify({ used: Object.fromEntries(used) });
}
function readPackFile(file, onCorrupt) {
  const read = readPackBytes(file, onCorrupt);
  for (const [key, minute] of readUsed(file)) {
    const entry = read.entries.get(key);
    if (entry && minute > entry.lastUsedMinute)
      read.entries.set(key, { value: entry.value, lastUsedMinute: minute });
  }
  return read;
}
function readPackBytes(file, onCorrupt) {
  let bytes;
  try {
    bytes = fs2.readFileSync(file);
  } catch {
    return { entries: /* @__PURE__ */ new Map(), bytes: 0 };
  }
  const decoded = decodePack(bytes);
  if (typeof decoded === "string") {
    onCorrupt(decoded);
    try {
      fs2.rmSync(file, { force: true });
    } catch {
    }
    return { entries: /* @__PURE__ */ new Map(), bytes: 0 };
  }
  return { entries: decoded, bytes: bytes.length };
}
function openPack(dir, namespace, onCorrupt) {
  const file = path2.join(dir, `${namespace}.pack`);
  const loaded2 = readPackFile(file, (reason) => {
    debug("pack", `${file}: ${reason}; dropped`);
    onCorrupt(reason);
  });
  const entries = loaded2.entries;
  const pending = /* @__PURE__ */ new Map();
  const touched = /* @__PURE__ */ new Set();
  const removed = /* @__PURE__ */ new Set();
  const minute = nowMinute();
  let bytes = loaded2.bytes;
  function merged() {
    const current = readPackFile(file, () => void 0).entries;
    for (const [key, entry] of entries) {
      if (touched.has(key))
        current.set(key, { value: entry.value, lastUsedMinute: minute });
    }
    for (const [key, entry] of pending)
      current.set(key, entry);
    for (const key of removed)
      current.delete(key);
    return current;
  }
  function reset() {
    for (const [key, entry] of pending)
      entries.set(key, entry);
    for (const key of touched) {
      const entry = entries.get(key);
      if (entry)
        entries.set(key, { value: entry.value, lastUsedMinute: minute });
    }
    pending.clear();
    touched.clear();
    removed.clear();
  }
  const onlyTouched = () => pending.size === 0 && removed.size === 0;
  function touchedUsed() {
    const used = readUsed(file);
    for (const key of touched)
      used.set(key, minute);
    return encodeUsed(used);
  }
  const pack = {
    namespace,
    file,
    loadedBytes: loaded2.bytes,
    get(key) {
      const entry = pending.get(key) ?? entries.get(key);
      if (!entry)
        return void 0;
      if (entry.lastUsedMinute !== minute && !pending.has(key))
        touched.add(key);
      return entry.value;
    },
    has: (key) => pending.has(key) || entries.has(key),
    put(key, value) {
      if (bytes + value.length + key.length + 9 > PACK_MAX_BYTES)
        return false;
      pending.set(key, { value: Buffer.from(value), lastUsedMinute: minute });
      removed.delete(key);
      bytes += value.length + key.length + 9;
      return true;
    },
    delete(keys) {
      for (const key of keys) {
        removed.add(key);
        pending.delete(key);
        entries.delete(key);
      }
    },
    entries: () => new Map([...entries, ...pending]).entries(),
    get dirty() {
      return pending.size > 0 || touched.size > 0 || removed.size > 0;
    },
    get bytes() {
      return bytes;
    },
    async flush() {
      if (!pack.dirty)
        return;
      await fs2.promises.mkdir(dir, { recursive: true });
      await withLock(`${file}.lock`, async () => {
        if (onlyTouched()) {
          await writeFileAtomic(usedFileOf(file), touchedUsed());
          return;
        }
        const data = encodePack(merged());
        await writeFileAtomic(file, data);
        await fs2.promises.rm(usedFileOf(file), { force: true });
        bytes = data.length;
      });
      reset();
    },
    flushSync() {
      if (!pack.dirty)
        return;
      fs2.mkdirSync(dir, { recursive: true });
      withLockSync(`${file}.lock`, () => {
        if (onlyTouched()) {
          writeFileAtomicSync(usedFileOf(file), touchedUsed());
          return;
        }
        const data = encodePack(merged());
        writeFileAtomicSync(file, data);
        fs2.rmSync(usedFileOf(file), { force: true });
        bytes = data.length;
      });
      reset();
    }
  };
  return pack;
}

// ../core/dist/cache/cache-dir.js
import fs3 from "node:fs";
import path3 from "node:path";
var META_FILE = "meta.json";
var OWN_NAMES = /* @__PURE__ */ new Set(["entries", "packs", "state", META_FILE, "last-run.json", "usage.json", "stats.json"]);
var TEMP_NAME = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;
var LOCK_NAME = /\.pack\.lock$/;
var STALE_TEMP_MS = 60 * 60 * 1e3;
function metaText() {
  return JSON.stringify({ format: CACHE_FORMAT_VERSION, writtenBy: WARMBUILD_VERSION });
}
function isOurMeta(text) {
  try {
    const meta = JSON.parse(text);
    return meta.format === CACHE_FORMAT_VERSION && typeof meta.writtenBy === "string";
  } catch {
    return false;
  }
}
function isOurTempName(name) {
  return TEMP_NAME.test(name) || LOCK_NAME.test(name);
}
function ownershipOf(cacheDir) {
  const versioned = path3.join(cacheDir, `v${CACHE_FORMAT_VERSION}`);
  let stat;
  try {
    stat = fs3.statSync(versioned);
  } catch (error) {
    const code = errnoCode(error);
    if (code === "ENOENT")
      return { state: "absent" };
    if (code === "ENOTDIR")
      throw notADirectory(cacheDir);
    throw new WarmbuildError("CACHE_UNWRITABLE", `cannot read the cache directory ${cacheDir} (${code ?? error.message})`, {
      hint: "fix its permissions, or pass --cache-dir with another directory"
    });
  }
  if (!stat.isDirectory())
    return { state: "foreign", reason: `${versioned} is a file` };
  let meta;
  try {
    meta = fs3.readFileSync(path3.join(versioned, META_FILE), "utf8");
  } catch {
    return { state: "foreign", reason: `${versioned} has no ${META_FILE}` };
  }
  return isOurMeta(meta) ? { state: "ours" } : { state: "foreign", reason: `${path3.join(versioned, META_FILE)} was not written by warmbuild` };
}
function notOursError(cacheDir, action, reason) {
  return new WarmbuildError("CACHE_DIR_FOREIGN", `refusing to ${action} ${cacheDir}: it does not carry warmbuild's marker (${reason})`, {
    hint: `warmbuild only ${action}s directories it created (v${CACHE_FORMAT_VERSION}/${META_FILE} with its format tag); check --cache-dir / cache.cacheDir, or delete the directory yourself if it really is a cache`
  });
}
function notADirectory(cacheDir) {
  return new WarmbuildError("CACHE_UNWRITABLE", `cache directory ${cacheDir} is a file, or a path through a file, not a directory`, {
    hint: "pass --cache-dir (or cache.cacheDir) with a directory, or move that file away"
  });
}
function foreignNamesIn(versioned, marked = carriesOurMeta(versioned)) {
  if (marked)
    return [];
  let names;
  try {
    names = fs3.readdirSync(versioned);
  } catch {
    return [];
  }
  return names.filter((name) => !OWN_NAMES.has(name) && !isOurTempName(name));
}
function carriesOurMeta(versioned) {
  try {
    return isOurMeta(fs3.readFileSync(path3.join(versioned, META_FILE), "utf8"));
  } catch {
    return false;
  }
}
async function removeOwnNames(versioned) {
  const names = await fs3.promises.readdir(versioned).catch((error) => {
    if (errnoCode(error) === "ENOENT")
      return [];
    throw error;
  });
  const left = [];
  for (const name of names) {
    if (name === META_FILE)
      continue;
    if (!OWN_NAMES.has(name) && !isOurTempName(name)) {
      left.push(name);
      continue;
    }
    await fs3.promises.rm(path3.join(versioned, name), { recursive: true, force: true });
  }
  if (left.length > 0)
    return left;
  await fs3.promises.rm(path3.join(versioned, META_FILE), { force: true });
  await fs3.promises.rmdir(versioned).catch((error) => {
    if (errnoCode(error) !== "ENOENT")
      throw error;
  });
  return left;
}
async function sweepStaleTemps(versioned, now = Date.now()) {
  let removed = 0;
  const visit = async (dir, depth) => {
    const entries = await fs3.promises.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const file = path3.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < 3)
          await visit(file, depth + 1);
        continue;
      }
      if (!isOurTempName(entry.name))
        continue;
      const stat = await fs3.promises.stat(file).catch(() => void 0);
      if (stat && now - stat.mtimeMs > STALE_TEMP_MS) {
        await fs3.promises.rm(file, { force: true }).catch(() => void 0);
        removed++;
      }
    }
  };
  await visit(versioned, 0);
  return removed;
}

// ../core/dist/cache/disk-maintenance.js
import fs5 from "node:fs";
import path5 from "node:path";

// ../core/dist/cache/write-failure.js
import fs4 from "node:fs";
import path4 from "node:path";
var MEANING = {
  EROFS: "read-only file system",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  ENOTDIR: "a file is where a directory should be",
  EEXIST: "a file is where a directory should be"
};
function describeWriteFailure(error, dir) {
  let code = errnoCode(error);
  let where = error?.path;
  if (code === "ENOENT") {
    const probed = probeCreate(dir);
    if (probed)
      ({ code, where } = probed);
  }
  if (!code)
    return error?.message ?? String(error);
  const meaning = MEANING[code];
  const at = typeof where === "string" ? `: ${where}` : "";
  return meaning ? `${meaning}${at} (${code})` : `${code}${at}`;
}
function probeCreate(dir) {
  let missing = path4.resolve(dir);
  for (; ; ) {
    const parent = path4.dirname(missing);
    if (parent === missing)
      return void 0;
    let parentStat;
    try {
      parentStat = fs4.statSync(parent);
    } catch {
      missing = parent;
      continue;
    }
    if (!parentStat.isDirectory())
      return { code: "ENOTDIR", where: parent };
    try {
      fs4.mkdirSync(missing);
      fs4.rmdirSync(missing);
      return void 0;
    } catch (probe) {
      const code = errnoCode(probe);
      return code && code !== "EEXIST" ? { code, where: missing } : void 0;
    }
  }
}

// ../core/dist/cache/disk-maintenance.js
function createDiskMaintenance(store) {
  const { root, entriesDir, packsDir } = store;
  async function listEntries(namespace) {
    const out = [];
    const packNames = namespace ? [`${namespace}.pack`] : (await fs5.promises.readdir(packsDir).catch(() => [])).filter((name) => name.endsWith(".pack"));
    for (const name of packNames) {
      const pack = store.packFor(name.slice(0, -".pack".length));
      for (const [key, entry] of pack.entries()) {
        out.push({
          file: pack.file,
          namespace: pack.namespace,
          size: entry.value.length + key.length + 9,
          mtimeMs: (entry.lastUsedMinute + 1) * 6e4 - 1,
          packKey: key
        });
      }
    }
    const namespaces = namespace ? [namespace] : await fs5.promises.readdir(entriesDir).catch(() => []);
    for (const ns of namespaces) {
      const shards = await fs5.promises.readdir(path5.join(entriesDir, ns)).catch(() => []);
      for (const shard of shards) {
        const dir = path5.join(entriesDir, ns, shard);
        const names = await fs5.promises.readdir(dir).catch(() => []);
        await Promise.all(names.map((name) => sharedLimiter()(async () => {
          const file = path5.join(dir, name);
          const st = await fs5.promises.stat(file).catch(() => void 0);
          if (st?.isFile())
            out.push({ file, namespace: ns, size: st.size, mtimeMs: st.mtimeMs });
        })));
      }
    }
    return out;
  }
  async function prune(pruneOptions = {}) {
    if (store.writable) {
      await store.flushPacks();
      await store.touchUsed();
    }
    const limitAge = pruneOptions.maxAge ?? store.maxAge;
    const limitSize = pruneOptions.maxDiskSize ?? store.maxDiskSize;
    const now = Date.now();
    const entries = await listEntries(pruneOptions.namespace);
    const doomed = [];
    const kept = [];
    for (const entry of entries) {
      const stale = now - entry.mtimeMs > limitAge;
      const unused = pruneOptions.unusedSince !== void 0 && entry.mtimeMs < pruneOptions.unusedSince;
      const orphanTemp = entry.file.endsWith(".tmp") && now - entry.mtimeMs > 60 * 60 * 1e3;
      (stale || unused || orphanTemp ? doomed : kept).push(entry);
    }
    kept.sort((a, b) => a.mtimeMs - b.mtimeMs);
    let bytes = kept.reduce((sum, entry) => sum + entry.size, 0);
    while (bytes > limitSize && kept.length > 0) {
      const oldest = kept.shift();
      bytes -= oldest.size;
      doomed.push(oldest);
    }
    const doomedFiles = doomed.filter((entry) => entry.packKey === void 0);
    await Promise.all(doomedFiles.map((entry) => sharedLimiter()(() => fs5.promises.rm(entry.file, { force: true }))));
    for (const entry of doomed)
      if (entry.packKey !== void 0)
        store.packFor(entry.namespace).delete([entry.packKey]);
    if (store.writable)
      await store.flushPacks();
    if (store.writable) {
      await writeFileAtomic(path5.join(root, "usage.json"), JSON.stringify({ bytes })).catch(() => void 0);
    }
    const staleTemps = store.writable ? await sweepStaleTemps(root, now) : 0;
    return {
      staleTemps,
      removed: doomed.length,
      bytesRemoved: doomed.reduce((sum, entry) => sum + entry.size, 0),
      remaining: kept.length,
      bytesRemaining: bytes
    };
  }
  async function usage() {
    const entries = await listEntries();
    const namespaces = {};
    let bytes = 0;
    for (const entry of entries) {
      bytes += entry.size;
      const ns = namespaces[entry.namespace] ??= { entries: 0, bytes: 0 };
      ns.entries++;
      ns.bytes += entry.size;
    }
    return { entries: entries.length, bytes, namespaces };
  }
  async function clear(namespace) {
    const ownership = ownershipOf(store.cacheDir);
    if (ownership.state === "absent")
      return [];
    if (ownership.state === "foreign")
      throw notOursError(store.cacheDir, "clear", ownership.reason);
    let left = [];
    try {
      if (namespace) {
        store.assertNamespace(namespace);
        await fs5.promises.rm(path5.join(entriesDir, namespace), { recursive: true, force: true });
        await fs5.promises.rm(path5.join(packsDir, `${namespace}.pack`), { force: true });
        await fs5.promises.rm(path5.join(packsDir, `${namespace}.pack.used`), { force: true });
        store.forget(namespace);
      } else {
        store.forget();
        left = await removeOwnNames(root);
      }
    } catch (error) {
      throw new WarmbuildError("CACHE_UNWRITABLE", `cannot clear the cache directory ${store.cacheDir}: ${describeWriteFailure(error, store.cacheDir)}`, {
        hint: "make it writable (remount a read-only file system read-write, fix the permissions) or remove it by hand",
        cause: error
      });
    }
    return left;
  }
  return { prune, usage, clear };
}

// ../core/dist/cache/disk-store.js
var NAMESPACE_PATTERN = /^[a-z0-9][a-z0-9._-]*$/i;
var KEY_PATTERN = /^[a-f0-9]{16,128}$/;
var DEFAULT_MAX_DISK_SIZE = 512 * 1024 * 1024;
var DEFAULT_MAX_AGE = 14 * 24 * 60 * 60 * 1e3;
function assertNamespace(namespace) {
  if (!NAMESPACE_PATTERN.test(namespace)) {
    throw new TypeError(`cache namespace must match ${NAMESPACE_PATTERN}, got ${JSON.stringify(namespace)}`);
  }
}
var UNWRITABLE = /* @__PURE__ */ new Set(["EACCES", "EPERM", "EROFS", "ENOSPC", "EDQUOT", "ENOTDIR", "EEXIST"]);
function createDiskStore(options) {
  const { logger, stats } = options;
  const maxDiskSize = options.maxDiskSize ?? DEFAULT_MAX_DISK_SIZE;
  const maxAge = options.maxAge ?? DEFAULT_MAX_AGE;
  const root = path6.join(options.cacheDir, `v${CACHE_FORMAT_VERSION}`);
  const entriesDir = path6.join(root, "entries");
  const packsDir = path6.join(root, "packs");
  const packs = /* @__PURE__ */ new Map();
  function packFor(namespace) {
    let pack = packs.get(namespace);
    if (!pack) {
      pack = openPack(packsDir, namespace, () => stats.corrupt++);
      stats.bytesRead += pack.loadedBytes;
      packs.set(namespace, pack);
    }
    return pack;
  }
  const used = /* @__PURE__ */ new Set();
  const knownDirs = /* @__PURE__ */ new Set();
  let writable = true;
  let prepared;
  const entryPath = (namespace, key) => path6.join(entriesDir, namespace, key.slice(0, 2), key);
  function disable(error, doing) {
    if (!writable)
      return;
    writable = false;
    stats.diskEnabled = false;
    logger.warn(`cache directory ${options.cacheDir} is not writable (${describeWriteFailure(error, options.cacheDir)} while ${doing}); this run goes on without the disk cache. Fix the permissions or free space, or set cacheDir / --cache-dir elsewhere.`);
  }
  async function prepare() {
    const marked = carriesOurMeta(root);
    const foreign = foreignNamesIn(root, marked);
    if (foreign.length > 0) {
      writable = false;
      stats.diskEnabled = false;
      logger.warn(`cache directory ${options.cacheDir} holds ${path6.join(root, foreign[0])}${foreign.length > 1 ? ` and ${foreign.length - 1} more` : ""}, which warmbuild did not write, and no warmbuild marker (${META_FILE}); this run goes on without the disk cache. Point cacheDir / --cache-dir at a directory of its own.`);
      return false;
    }
    try {
      await fs6.promises.mkdir(entriesDir, { recursive: true });
      await noteNewerFormats();
      if (!marked)
        await writeFileAtomic(path6.join(root, META_FILE), metaText());
      return true;
    } catch (error) {
      disable(error, "creating it");
      return false;
    }
  }
  async function noteNewerFormats() {
    const names = await fs6.promises.readdir(options.cacheDir).catch(() => []);
    const newer = names.filter((name) => /^v\d+$/.test(name) && Number(name.slice(1)) > CACHE_FORMAT_VERSION);
    if (newer.length > 0) {
      logger.warn(`cache directory ${options.cacheDir} also holds ${newer.join(", ")}, written by a newer warmbuild; this version ${WARMBUILD_VERSION} keeps its own v${CACHE_FORMAT_VERSION} beside it and touches nothing else.`);
    }
  }
  function ensurePrepared() {
    prepared ??= prepare();
    return prepared;
  }
  async function removeCorrupt(file, reason) {
    stats.corrupt++;
    debug("disk", `removing ${file}: ${reason}`);
    await fs6.promises.rm(file, { force: true }).catch(() => void 0);
  }
  async function get(namespace, key) {
    const packed = packFor(namespace).get(key);
    if (packed)
      return packed;
    const file = entryPath(namespace, key);
    let bytes;
    try {
      bytes = await sharedLimiter()(() => fs6.promises.readFile(file));
    } catch (error) {
      const code = errnoCode(error);
      if (code !== "ENOENT" && code !== "ENOTDIR")
        debug("disk", `read ${file} failed: ${code}`);
      return void 0;
    }
    const decoded = decodeEntry(bytes, namespace, key);
    if (typeof decoded === "string") {
      await removeCorrupt(file, decoded);
      return void 0;
    }
    used.add(file);
    stats.bytesRead += bytes.length;
    return decoded;
  }
  async function set(namespace, key, value) {
    assertNamespace(namespace);
    if (!KEY_PATTERN.test(key))
      throw new TypeError(`cache key must be a hex digest, got ${JSON.stringify(key)}`);
    if (!await ensurePrepared() || !writable)
      return false;
    if (value.byteLength <= PACK_MAX_VALUE && packFor(namespace).put(key, Buffer.from(value.buffer, value.byteOffset, value.byteLength))) {
      stats.bytesWritten += value.byteLength;
      pendingBytes += value.byteLength;
      return true;
    }
    const file = entryPath(namespace, key);
    const dir = path6.dirname(file);
    const bytes = encodeEntry(namespace, key, value);
    try {
      await sharedLimiter()(async () => {
        if (!knownDirs.has(dir)) {
          await fs6.promises.mkdir(dir, { recursive: true });
          knownDirs.add(dir);
        }
        await writeFileAtomic(file, bytes);
      });
    } catch (error) {
      if (UNWRITABLE.has(errnoCode(error) ?? "")) {
        disable(error, `writing ${path6.relative(options.cacheDir, file)}`);
        return false;
      }
      throw error;
    }
    stats.bytesWritten += bytes.length;
    used.delete(file);
    pendingBytes += bytes.length;
    return true;
  }
  let pendingBytes = 0;
  async function touchUsed() {
    const now = /* @__PURE__ */ new Date();
    const files = [...used];
    used.clear();
    await Promise.all(files.map((file) => sharedLimiter()(() => fs6.promises.utimes(file, now, now).catch(() => void 0))));
  }
  async function flushPacks() {
    for (const pack of packs.values()) {
      try {
        await pack.flush();
      } catch (error) {
        if (!UNWRITABLE.has(errnoCode(error) ?? ""))
          throw error;
        disable(error, `writing ${path6.relative(options.cacheDir, pack.file)}`);
      }
    }
  }
  async function flush() {
    if (writable)
      await flushPacks();
    if (writable)
      await touchUsed();
    if (pendingBytes > 0 && writable) {
      const usagePath = path6.join(root, "usage.json");
      const previous = await readUsageEstimate(usagePath);
      const estimate = previous + pendingBytes;
      pendingBytes = 0;
      if (estimate > maxDiskSize) {
        const result = await prune();
        stats.evictions += result.removed;
      } else {
        await writeFileAtomic(usagePath, JSON.stringify({ bytes: estimate })).catch(() => void 0);
      }
    }
  }
  function flushSync() {
    if (!writable)
      return;
    for (const pack of packs.values()) {
      try {
        pack.flushSync();
      } catch {
      }
    }
    const now = /* @__PURE__ */ new Date();
    for (const file of used) {
      try {
        fs6.utimesSync(file, now, now);
      } catch {
      }
    }
    used.clear();
  }
  async function recordRunStart(startedAt) {
    if (!await ensurePrepared())
      return;
    await writeFileAtomic(path6.join(root, "last-run.json"), JSON.stringify({ startedAt })).catch((error) => disable(error, "recording the run"));
  }
  async function lastRunStart() {
    const text = await fs6.promises.readFile(path6.join(root, "last-run.json"), "utf8").catch(() => void 0);
    if (!text)
      return void 0;
    try {
      const value = JSON.parse(text).startedAt;
      return typeof value === "number" ? value : void 0;
    } catch {
      return void 0;
    }
  }
  const maintenance = createDiskMaintenance({
    cacheDir: options.cacheDir,
    root,
    entriesDir,
    packsDir,
    maxAge,
    maxDiskSize,
    get writable() {
      return writable;
    },
    packFor,
    flushPacks,
    touchUsed,
    forget(namespace) {
      knownDirs.clear();
      if (namespace) {
        packs.delete(namespace);
        return;
      }
      packs.clear();
      prepared = void 0;
    },
    assertNamespace
  });
  const { prune, usage, clear } = maintenance;
  return {
    root,
    get writable() {
      return writable;
    },
    get,
    set,
    delete: async (namespace, key) => {
      await fs6.promises.rm(entryPath(namespace, key), { force: true });
    },
    flush,
    flushSync,
    prune,
    usage,
    clear,
    recordRunStart,
    lastRunStart
  };
}
async function readUsageEstimate(file) {
  try {
    const value = JSON.parse(await fs6.promises.readFile(file, "utf8")).bytes;
    return typeof value === "number" && value >= 0 ? value : 0;
  } catch {
    return 0;
  }
}

// ../core/dist/cache/file-state.js
import fs7 from "node:fs";
import path7 from "node:path";

// ../core/dist/cache/checked-json.js
var CHECKSUM_LENGTH = 32;
function encodeCheckedJson(value) {
  const json = JSON.stringify(value);
  return `${hashContent(json)}
${json}`;
}
function decodeCheckedJson(text) {
  if (text.length < CHECKSUM_LENGTH + 1 || text[CHECKSUM_LENGTH] !== "\n")
    return { corrupt: "no checksum line" };
  const json = text.slice(CHECKSUM_LENGTH + 1);
  if (hashContent(json) !== text.slice(0, CHECKSUM_LENGTH))
    return { corrupt: "checksum mismatch" };
  try {
    return { value: JSON.parse(json) };
  } catch {
    return { corrupt: "unparsable" };
  }
}

// ../core/dist/cache/file-state.js
var RACY_WINDOW_MS = 2e3;
var INDEX_FORMAT = 3;
var FLUSH_EVERY_CHANGES = 5e3;
var FLUSH_EVERY_MS = 5e3;
function indexFileFor(cacheRoot, repoRoot) {
  return path7.join(cacheRoot, "state", `files-${hashContent(repoRoot).slice(0, 16)}.json`);
}
function load(file, onCorrupt) {
  let text;
  try {
    text = fs7.readFileSync(file, "utf8");
  } catch {
    return void 0;
  }
  if (text.startsWith("{")) {
    debug("file-state", `${file}: older format, starting empty`);
    return void 0;
  }
  const decoded = decodeCheckedJson(text);
  if ("corrupt" in decoded) {
    debug("file-state", `${file}: ${decoded.corrupt}, starting empty`);
    onCorrupt(decoded.corrupt);
    return void 0;
  }
  const parsed = decoded.value;
  if (!parsed || parsed.format !== INDEX_FORMAT || typeof parsed.savedAt !== "number" || typeof parsed.entries !== "object" || parsed.entries === null) {
    debug("file-state", `${file}: foreign format, starting empty`);
    return void 0;
  }
  return parsed;
}
function createFileStateIndex(options) {
  const loaded2 = load(options.file, options.onCorrupt ?? (() => void 0));
  let savedAt = loaded2?.savedAt ?? 0;
  const entries = new Map(Object.entries(loaded2?.entries ?? {}));
  const seen = /* @__PURE__ */ new Set();
  let complete = false;
  let dirty = 0;
  let timer;
  let saving;
  const unregister = onExit(() => saveSync());
  function snapshot() {
    const now = Date.now();
    const out = {};
    for (const [rel, row] of entries) {
      if (complete && !seen.has(rel))
        continue;
      out[rel] = row;
    }
    return { format: INDEX_FORMAT, savedAt: now, entries: out };
  }
  function scheduleFlush() {
    if (dirty >= FLUSH_EVERY_CHANGES) {
      void save();
      return;
    }
    if (!timer) {
      timer = setTimeout(() => {
        timer = void 0;
        void save();
      }, FLUSH_EVERY_MS);
      timer.unref();
    }
  }
  async function save() {
    if (dirty === 0 && !(complete && seen.size !== entries.size))
      return;
    if (!options.writable())
      return;
    if (saving)
      await saving;
    const state = snapshot();
    const data = encodeCheckedJson(state);
    dirty = 0;
    saving = (async () => {
      try {
        await fs7.promises.mkdir(path7.dirname(options.file), { recursive: true });
        await writeFileAtomic(options.file, data);
        savedAt = state.savedAt;
      } catch (error) {
        debug("file-state", `save failed: ${error.message}`);
      }
    })();
    await saving;
    saving = void 0;
  }
  function saveSync() {
    if (dirty === 0 || !options.writable())
      return;
    try {
      fs7.mkdirSync(path7.dirname(options.file), { recursive: true });
      writeFileAtomicSync(options.file, encodeCheckedJson(snapshot()));
      dirty = 0;
    } catch (error) {
      debug("file-state", `sync save failed: ${error.message}`);
    }
  }
  return {
    get size() {
      return entries.size;
    },
    lookup(rel, stat) {
      const row = entries.get(rel);
      if (!row)
        return void 0;
      const [size, mtimeMs, ctimeMs, ino, hash, binary] = row;
      if (size !== stat.size || mtimeMs !== stat.mtimeMs || ctimeMs !== stat.ctimeMs || ino !== stat.ino)
        return void 0;
      if (mtimeMs >= savedAt - RACY_WINDOW_MS)
        return void 0;
      return { hash, binary: binary === 1 };
    },
    record(rel, stat, { hash, binary }) {
      const previous = entries.get(rel);
      if (previous && previous[4] === hash && previous[0] === stat.size && previous[1] === stat.mtimeMs && previous[2] === stat.ctimeMs && previous[3] === stat.ino && // A racily clean row is saved again, so that under the new save time it is trusted.
      previous[1] < savedAt - RACY_WINDOW_MS) {
        return;
      }
      entries.set(rel, [stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino, hash, binary ? 1 : 0]);
      dirty++;
      scheduleFlush();
    },
    markSeen(rel) {
      seen.add(rel);
    },
    setComplete(value) {
      complete = value;
    },
    save,
    saveSync,
    async close() {
      if (timer)
        clearTimeout(timer);
      timer = void 0;
      await save();
      unregister();
    }
  };
}

// ../core/dist/cache/lifetime-stats.js
import fs8 from "node:fs";
import path8 from "node:path";
var SUMMED = [
  "hits",
  "misses",
  "writes",
  "evictions",
  "corrupt",
  "bytesRead",
  "bytesWritten",
  "filesHashed",
  "filesStatOnly"
];
function lifetimeStatsFile(cacheRoot) {
  return path8.join(cacheRoot, "stats.json");
}
async function readLifetimeStats(cacheRoot) {
  try {
    const parsed = JSON.parse(await fs8.promises.readFile(lifetimeStatsFile(cacheRoot), "utf8"));
    return typeof parsed.runs === "number" ? parsed : void 0;
  } catch {
    return void 0;
  }
}
async function addRunToLifetimeStats(cacheRoot, run) {
  const previous = await readLifetimeStats(cacheRoot);
  const next = { runs: (previous?.runs ?? 0) + 1 };
  for (const key of SUMMED)
    next[key] = (previous?.[key] ?? 0) + run[key];
  next.lastRun = { ...run, finishedAt: (/* @__PURE__ */ new Date()).toISOString() };
  await writeFileAtomic(lifetimeStatsFile(cacheRoot), JSON.stringify(next, null, 2));
}

// ../core/dist/cache/cache-stats.js
function emptyCacheStats() {
  return {
    hits: 0,
    memoryHits: 0,
    diskHits: 0,
    remoteHits: 0,
    remoteMisses: 0,
    remoteErrors: 0,
    remoteRejected: 0,
    remoteUploads: 0,
    remoteBytesUp: 0,
    remoteBytesDown: 0,
    misses: 0,
    writes: 0,
    refused: 0,
    evictions: 0,
    corrupt: 0,
    bytesRead: 0,
    bytesWritten: 0,
    timeMs: 0,
    filesStatOnly: 0,
    filesHashed: 0,
    diskEnabled: true
  };
}
function peakRssBytes() {
  return process.resourceUsage().maxRSS * 1024;
}
function finishCacheStats(stats) {
  const asked = stats.hits + stats.misses;
  return {
    ...stats,
    timeMs: Math.round(stats.timeMs * 100) / 100,
    hitRate: asked === 0 ? 0 : Math.round(stats.hits / asked * 1e4) / 1e4,
    peakRssBytes: peakRssBytes()
  };
}

// ../core/dist/cache/content-cache.js
var DEFAULT_MAX_MEMORY_SIZE = 64 * 1024 * 1024;
function defaultCacheDir(root) {
  return path9.join(root, "node_modules", ".cache", "warmbuild");
}
function cacheDisabledByEnv() {
  const value = process.env.WARMBUILD_CACHE;
  return value === "0" || value === "false" || value === "off";
}
function createBusyClock(stats) {
  let active = 0;
  let since = 0;
  return {
    enter() {
      if (active++ === 0)
        since = performance.now();
    },
    leave() {
      if (--active === 0)
        stats.timeMs += performance.now() - since;
    }
  };
}
function createContentCache(options) {
  const logger = createOnceLogger(options.logger ?? stderrLogger);
  const root = path9.resolve(options.root);
  const cacheDir = path9.resolve(root, options.cacheDir ?? defaultCacheDir(root));
  const enabled2 = (options.enabled ?? true) && !cacheDisabledByEnv();
  const stats = emptyCacheStats();
  const memory = new I({
    maxSize: options.maxMemorySize ?? DEFAULT_MAX_MEMORY_SIZE,
    // What is really held: the bytes, the key string (UTF-16) and the entry's bookkeeping.
    sizeCalculation: (value, key) => value.byteLength + key.length * 2 + 96,
    dispose: (_value, _key, reason) => {
      if (reason === "evict")
        stats.evictions++;
    }
  });
  const useDisk = enabled2 && options.disk !== false;
  const disk = useDisk ? createDiskStore({ cacheDir, maxDiskSize: options.maxDiskSize, maxAge: options.maxAge, logger, stats }) : void 0;
  if (!useDisk)
    stats.diskEnabled = false;
  const fileState = disk ? createFileStateIndex({
    file: indexFileFor(disk.root, root),
    writable: () => disk.writable,
    onCorrupt: () => stats.corrupt++
  }) : void 0;
  const rootNeedles = [.../* @__PURE__ */ new Set([root, safeRealpath(root)])].filter((p) => p.length > 1).map((p) => Buffer.from(p));
  const tiers = {
    clock: createBusyClock(stats),
    root,
    rootNeedles,
    cacheDir,
    enabled: enabled2,
    memory,
    disk,
    remote: enabled2 ? options.remote : void 0,
    fileState,
    stats
  };
  if (disk) {
    onExit(() => disk.flushSync());
  }
  return createView(tiers, options.namespace ?? "default", options.salt ?? []);
}
function safeRealpath(p) {
  try {
    return fs9.realpathSync(p);
  } catch {
    return p;
  }
}
function createView(tiers, namespace, salt) {
  assertNamespace(namespace);
  const { stats, memory, disk, remote } = tiers;
  const saltHash = hashParts([CACHE_FORMAT_VERSION, WARMBUILD_VERSION, HASH_ALGORITHM, namespace, ...salt]);
  const memoryKey = (key) => `${namespace}:${key}`;
  function holdsAbsolutePath(bytes) {
    return tiers.rootNeedles.some((needle) => bytes.includes(needle));
  }
  async function get(key) {
    if (!tiers.enabled)
      return void 0;
    tiers.clock.enter();
    try {
      const fromMemory = memory.get(memoryKey(key));
      if (fromMemory) {
        stats.hits++;
        stats.memoryHits++;
        remote?.observe?.(namespace, key, fromMemory);
        return fromMemory;
      }
      const fromDisk = disk ? await disk.get(namespace, key) : void 0;
      if (fromDisk) {
        stats.hits++;
        stats.diskHits++;
        memory.set(memoryKey(key), fromDisk);
        remote?.observe?.(namespace, key, fromDisk);
        return fromDisk;
      }
      const fromRemote = remote ? await remote.get(namespace, key) : void 0;
      if (fromRemote) {
        stats.hits++;
        stats.remoteHits++;
        memory.set(memoryKey(key), fromRemote);
        if (disk)
          await disk.set(namespace, key, fromRemote);
        return fromRemote;
      }
      stats.misses++;
      return void 0;
    } finally {
      tiers.clock.leave();
    }
  }
  async function set(key, value) {
    if (!tiers.enabled)
      return false;
    tiers.clock.enter();
    try {
      const bytes = typeof value === "string" ? Buffer.from(value) : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      if (holdsAbsolutePath(bytes)) {
        stats.refused++;
        return false;
      }
      stats.writes++;
      memory.set(memoryKey(key), bytes);
      if (disk)
        await disk.set(namespace, key, bytes);
      remote?.put(namespace, key, bytes);
      return true;
    } finally {
      tiers.clock.leave();
    }
  }
  const view = {
    enabled: tiers.enabled,
    namespaceName: namespace,
    cacheDir: tiers.cacheDir,
    key: (...parts) => hashParts([saltHash, ...parts]),
    get,
    set,
    async getJson(key) {
      const bytes = await get(key);
      if (!bytes)
        return void 0;
      try {
        return JSON.parse(bytes.toString("utf8"));
      } catch {
        stats.corrupt++;
        return void 0;
      }
    },
    setJson: (key, value) => set(key, JSON.stringify(value)),
    namespace: (name, childSalt = []) => createView(tiers, name, [...salt, ...childSalt]),
    fileState: tiers.fileState,
    disk,
    counters: stats,
    stats: () => finishCacheStats(stats),
    async flush() {
      await Promise.all([disk?.flush(), tiers.fileState?.save(), remote?.flush()]);
    },
    async close() {
      await remote?.flush();
      await disk?.flush();
      await tiers.fileState?.close();
      const asked = stats.hits + stats.misses + stats.writes;
      if (disk?.writable && asked > 0) {
        await addRunToLifetimeStats(disk.root, finishCacheStats(stats)).catch(() => void 0);
      }
    },
    prune: async (options) => disk ? disk.prune(options) : { removed: 0, bytesRemoved: 0, remaining: 0, bytesRemaining: 0 },
    usage: async () => disk ? disk.usage() : { entries: 0, bytes: 0, namespaces: {} },
    clear: async (ns) => {
      memory.clear();
      return await disk?.clear(ns) ?? [];
    }
  };
  return view;
}

// src/save-plan.ts
function parseSavePlan(raw) {
  if (!raw) return void 0;
  try {
    const plan = JSON.parse(raw);
    return typeof plan.root === "string" && Array.isArray(plan.paths) ? plan : void 0;
  } catch {
    return void 0;
  }
}

// src/save.ts
async function pruneWarmbuildCaches(plan, core) {
  for (const entry of plan.paths) {
    const cacheDir = resolveCachePath(plan.root, entry);
    const logger = { warn: (message) => core.info(`warmbuild: ${message}`) };
    const cache = createContentCache({ root: plan.root, cacheDir, logger });
    if (!cache.disk || !fs10.existsSync(cache.disk.root)) continue;
    const result = await cache.prune({ maxDiskSize: plan.maxCacheBytes });
    core.info(
      `warmbuild: pruned ${entry}: removed ${result.removed} entries (${formatBytes(result.bytesRemoved)}), kept ${result.remaining} (${formatBytes(result.bytesRemaining)})`
    );
  }
}
async function runSave(deps) {
  const { core } = deps;
  const plan = parseSavePlan(core.getState("warmbuild-save-plan" /* SavePlan */));
  if (!plan) {
    core.info("warmbuild: the main step did not get far enough to plan a save; nothing to save");
    return;
  }
  const warn = (message) => core.warning(message);
  const lines = [];
  if (plan.cacheKey) {
    await pruneWarmbuildCaches(plan, core);
    const saved = await saveWithReport(deps.cache, plan.root, plan.paths, plan.cacheKey, warn);
    const line = saved.saved ? `saved \`${plan.cacheKey}\`: ${formatBytes(saved.bytes)} in ${formatMs(saved.ms)}` : `not saved (${saved.skipped})`;
    core.info(`warmbuild: cache ${line.replace(/`/g, "")}`);
    lines.push(`**Cache:** ${line}.`);
  } else {
    core.info(`warmbuild: cache not saved: ${plan.skipped}`);
    lines.push(`**Cache:** not saved: ${plan.skipped}.`);
  }
  const baseline = readBaseline(plan.baselineDir);
  if (plan.baselineKey && baseline.status === "found" && baseline.baseline.runId === plan.runId) {
    const relative = path10.relative(plan.root, plan.baselineDir);
    const saved = await saveWithReport(deps.cache, plan.root, [relative], plan.baselineKey, warn);
    core.info(
      saved.saved ? `warmbuild: baseline saved as ${plan.baselineKey}` : `warmbuild: baseline not saved (${saved.skipped})`
    );
    lines.push(
      saved.saved ? `**Baseline:** saved \`${plan.baselineKey}\`.` : `**Baseline:** not saved (${saved.skipped}).`
    );
  }
  await writeSummary(core, deps.env, `${lines.join("\n\n")}
`);
}

// src/post.ts
try {
  await runSave({ core: core_exports, cache: cache_exports, env: process.env });
} catch (error) {
  warning(`warmbuild: saving caches failed: ${error.stack ?? String(error)}`);
}
