// Process-wide objects of a Redline instance, each in a named slot its own module declares.
//
// Why globalThis: Next.js bundles a module once per route and once more for the instrumentation
// hook, so a module-level `let` would give every bundle its own copy — its own database pool, its
// own metrics buffer, its own scheduler. A slot's object lives in the one holder below instead,
// under its name, which every bundle resolves to the same entry. The registry knows no domain:
// `slot<T>(name)` is declared beside the code that owns the object.

export interface Slot<T> {
  readonly name: string;
  /** the object's type, for the compiler only */
  readonly type?: T;
}

/** A slot for a process-wide object of type T (declare it once, in the module that owns T). */
export const slot = <T>(name: string): Slot<T> => ({ name });

const KEY = Symbol.for('redline.process');
const holder = globalThis as typeof globalThis & { [KEY]?: Map<string, unknown> };
const objects = (): Map<string, unknown> => {
  holder[KEY] ??= new Map();
  return holder[KEY];
};

/** The object if this process has made it. */
export function peek<T>(s: Slot<T>): T | undefined {
  return objects().get(s.name) as T | undefined;
}

/** Sets (or, with undefined, forgets) a process-wide object. */
export function put<T>(s: Slot<T>, value: T | undefined): void {
  if (value === undefined) objects().delete(s.name);
  else objects().set(s.name, value);
}

/** The object, made by `create` the first time any bundle of this process asks. */
export function once<T>(s: Slot<T>, create: () => T): T {
  const o = objects();
  if (!o.has(s.name)) o.set(s.name, create());
  return o.get(s.name) as T;
}
