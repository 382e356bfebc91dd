// fast-check arbitraries from zod 4 schemas (walking `schema._zod.def`): mostly near-valid bodies and
// queries with boundary values and hostile text, now and then a value of the wrong type or a missing
// or extra key, so that both the happy path and every validation branch are exercised.
import fc from 'fast-check';
import type { z } from 'zod';

type Schema = z.core.$ZodType;
type Bounds = Partial<Record<'minimum' | 'maximum' | 'length', number>>;
type CheckDef = Bounds & { check: string; value?: unknown; inclusive?: boolean; pattern?: RegExp };
/** The parts of zod's definitions this walker reads (zod/v4/core `$Zod*Def`). */
interface Def extends Partial<
  Record<'element' | 'innerType' | 'in' | 'out' | 'left' | 'keyType' | 'valueType', Schema>
> {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  format?: string;
  pattern?: RegExp;
  coerce?: boolean;
  shape?: Record<string, Schema>;
  options?: Schema[];
  items?: Schema[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  getter?: () => Schema;
}

/** Text a careless or hostile client sends: empty, control characters, SQL, HTML, huge, odd Unicode. */
export const HOSTILE_TEXT = [
  ...['', ' ', '\t\r\n', '__proto__', 'constructor', 'toString', 'null', 'NaN', '-1', '1e309', '0x1F', '%E0%A4%A'],
  ...["'; DROP TABLE entries; --", "' OR '1'='1", '%_\\', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>'],
  ...['\u0000', 'a\u0000b', '\u0007\u001b[31m', '\u202eevil\u200b', '\ud800', '😀👍🏽🇷🇺'],
  ...['Ёжик в тумане: «кавычки» — тире', '9'.repeat(40), 'я'.repeat(4000)],
];

const defOf = (s: Schema) => s._zod.def as unknown as Def;
const checksOf = (d: Def) => (d.checks ?? []).map((c) => c._zod.def);
const RU = 'абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ .,-«»№';
const cyrillic = fc.constantFrom(...RU);
const junk = fc.jsonValue({ maxDepth: 2 });
const anyDate = fc.date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true });
const nearDate = fc.date({ min: new Date('2000-01-01'), max: new Date('2030-01-01'), noInvalidDate: true });
const dateText = fc.oneof(
  anyDate.map((x) => x.toISOString()),
  fc.constantFrom('', '2026-02-30', '2026-13-01', '0000'),
);
const weighted = <T>(...parts: [number, fc.Arbitrary<T>][]) =>
  fc.oneof(...parts.filter(([w]) => w > 0).map(([weight, arbitrary]) => ({ weight, arbitrary })));
/** The first part is the valid one; the others' weights are scaled by `noise` (0: valid values only). */
const noisy = <T>(noise: number, valid: fc.Arbitrary<T>, ...bad: [number, fc.Arbitrary<T>][]) =>
  weighted<T>([1000, valid], ...bad.map(([w, a]): [number, fc.Arbitrary<T>] => [Math.round(w * noise * 80), a]));

function stringArb(d: Def, noise: number): fc.Arbitrary<unknown> {
  let [min, max, trim] = [0, Infinity, false];
  const patterns = d.pattern ? [d.pattern] : [];
  for (const c of checksOf(d)) {
    if (c.check === 'min_length') min = c.minimum!;
    else if (c.check === 'max_length') max = c.maximum!;
    else if (c.check === 'length_equals') min = max = c.length!;
    else if (c.check === 'string_format' && c.pattern) patterns.push(c.pattern);
    else if (c.check === 'overwrite') trim = true; // .trim(), .toLowerCase(): whitespace around is fine
  }
  const cap = Math.min(max, Math.max(min, 40));
  const valid: fc.Arbitrary<string> =
    d.format === 'date'
      ? nearDate.map((x) => x.toISOString().slice(0, 10))
      : d.format === 'datetime'
        ? fc.tuple(nearDate, fc.constantFrom('Z', '+05:00', '-03:30')).map(([x, z]) => x.toISOString().replace('Z', z))
        : patterns.length // the last one is the most specific (text(...).regex(...))
          ? fc
              .stringMatching(patterns.at(-1)!)
              .filter((x) => x.trim().length >= min && x.length <= max && patterns.every((p) => p.test(x)))
          : fc.string({ minLength: min, maxLength: cap }).filter((x) => !trim || x.trim().length >= min);
  const lengths = [min - 1, min, max, max + 1].filter((n) => n >= 0 && n <= 5001);
  const russian = fc.string({ unit: cyrillic, minLength: min, maxLength: cap });
  return noisy<unknown>(
    noise,
    patterns.length || d.format ? valid : fc.oneof(valid, russian),
    [3, russian],
    [2, fc.string({ unit: 'binary', maxLength: cap })],
    [2, fc.tuple(fc.constantFrom(...lengths), fc.constantFrom('x', '7', 'я')).map(([n, ch]) => ch.repeat(n))],
    [2, fc.constantFrom(...HOSTILE_TEXT)],
    [2, dateText],
    [trim ? 2 : 0, valid.map((s) => ` \t${s}\n `)],
  );
}

function numberArb(d: Def, noise: number): fc.Arbitrary<unknown> {
  let [min, max, int] = [-Infinity, Infinity, d.format !== undefined];
  for (const c of checksOf(d)) {
    const v = Number(c.value);
    if (c.check === 'greater_than') min = c.inclusive ? v : v + (int ? 1 : Number.EPSILON);
    else if (c.check === 'less_than') max = c.inclusive ? v : v - (int ? 1 : Number.EPSILON);
    else if (c.check === 'number_format') int = true;
  }
  const lo = Math.min(Math.max(min, -1e6), max);
  const hi = Math.max(Math.min(max, 1e6), lo);
  const valid = int
    ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) })
    : fc.double({ min: lo, max: hi, noNaN: true });
  const edges = [min, max, min - 1, max + 1, 0, -1, 1, 0.5, -0, 2 ** 31, 2 ** 53 + 2, 1e21, 1e308, -1e308];
  return noisy<unknown>(
    noise,
    valid,
    [4, fc.constantFrom(...edges.filter(Number.isFinite))],
    [d.coerce ? 3 : 1, valid.map(String)],
    [d.coerce ? 3 : 0, fc.constantFrom('', ' 7 ', '1e3', '0x10', 'NaN', 'Infinity', '-0', 'abc', '١٢', '1,5')],
  );
}

function arrayArb(d: Def, el: fc.Arbitrary<unknown>, noise: number): fc.Arbitrary<unknown> {
  const min = checksOf(d).find((c) => c.check === 'min_length')?.minimum ?? 0;
  const max = checksOf(d).find((c) => c.check === 'max_length')?.maximum ?? 20;
  const large = fc.array(el, { minLength: max + 1, maxLength: Math.max(max + 1, 200) });
  return noisy<unknown>(noise, fc.array(el, { minLength: min, maxLength: Math.min(max, min + 4) }), [1, large]);
}

function objectArb(shape: Record<string, Schema>, gen: (s: Schema) => fc.Arbitrary<unknown>, noise: number) {
  const keys = Object.keys(shape);
  const base = fc.record(Object.fromEntries(keys.map((k) => [k, gen(shape[k]!)])));
  const extraKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'id', 'version', 'role', ''), fc.string());
  const mutation = noisy<[string, unknown] | number | null>(
    noise,
    fc.constant(null),
    [keys.length ? 1 : 0, fc.nat(Math.max(0, keys.length - 1))], // drop this key
    [1, fc.tuple(extraKey, junk)], // add an unexpected key
  );
  return fc.tuple(base, mutation).map(([o, m]) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
    if (typeof m === 'number') delete out[keys[m]!];
    // defineProperty: an own "__proto__" key, as JSON.parse makes it on the server.
    else if (m) Object.defineProperty(out, m[0], { value: m[1], enumerable: true, writable: true });
    return out;
  });
}

/**
 * Inputs for the schema (the input side of pipes and transforms): a third valid, a third with a
 * few values broken, a third with many (`noise` 0, 0.05, 1).
 */
export function zodArbitrary(schema: Schema): fc.Arbitrary<unknown> {
  return fc.oneof(walk(schema, 0), walk(schema, 0.05), walk(schema, 1));
}

function walk(schema: Schema, noise: number): fc.Arbitrary<unknown> {
  const gen = (s: Schema): fc.Arbitrary<unknown> => noisy(noise, node(s), [1, junk]);
  const node = (s: Schema): fc.Arbitrary<unknown> => {
    const d = defOf(s);
    switch (d.type) {
      case 'string':
        return stringArb(d, noise);
      case 'number':
      case 'bigint':
        return numberArb(d, noise);
      case 'boolean':
        return d.coerce ? fc.oneof(fc.boolean(), fc.constantFrom('true', 'false', '0', '')) : fc.boolean();
      case 'date':
        return dateText;
      case 'enum': {
        const values = Object.values(d.entries!);
        return noisy<unknown>(
          noise,
          fc.constantFrom(...values),
          [1, fc.constantFrom(...values).map((v) => String(v).toUpperCase())],
          [1, fc.constantFrom('', 'unknown', ' ')],
        );
      }
      case 'literal':
        return fc.constantFrom(...d.values!);
      case 'null':
        return fc.constant(null);
      case 'array':
        return arrayArb(d, gen(d.element!), noise);
      case 'tuple':
        return fc.tuple(...d.items!.map(gen));
      case 'object':
        return objectArb(d.shape!, gen, noise);
      case 'record':
        return fc.dictionary(gen(d.keyType!).map(String), gen(d.valueType!), { maxKeys: 5 });
      case 'union':
        return fc.oneof(...d.options!.map(gen));
      case 'optional':
      case 'default':
      case 'prefault':
      case 'nullable':
        return weighted([1, fc.constant(d.type === 'nullable' ? null : undefined)], [4, node(d.innerType!)]);
      case 'nonoptional': {
        const inner = defOf(d.innerType!); // .required() wraps the .partial() optional: skip both
        return node(inner.type === 'optional' ? inner.innerType! : d.innerType!);
      }
      case 'readonly':
      case 'catch':
      case 'intersection':
        return node(d.innerType ?? d.left!);
      case 'pipe': // z.preprocess(f, out) is pipe(transform, out): generate for `out` then
        return defOf(d.in!).type === 'transform' ? node(d.out!) : node(d.in!);
      case 'lazy':
        return node(d.getter!());
      default: // transform, any, unknown, custom, ...: anything
        return junk;
    }
  };
  return gen(schema);
}
