// The bundle runs in its own vm context, so `instanceof Date` or `instanceof Error` there fails on
// values made in Node's realm. Services make Dates, Errors and arrays through the bundle's realm.

import vm from 'node:vm';

export interface Realm {
  Date: DateConstructor;
  Error: ErrorConstructor;
  Array: ArrayConstructor;
  Object: ObjectConstructor;
}

export const NODE_REALM: Realm = { Date, Error, Array, Object };

/** The realm services build values in; swapped to the bundle's realm once it is loaded. */
export class RealmRef {
  current: Realm = NODE_REALM;

  adopt(context: vm.Context): void {
    this.current = vm.runInContext('({ Date, Error, Array, Object })', context) as Realm;
  }

  error(message: string): Error {
    return new this.current.Error(message);
  }

  date(ms: number): Date {
    return new this.current.Date(ms);
  }

  array<T>(items: readonly T[]): T[] {
    const out = new this.current.Array<T>();
    for (const item of items) out.push(item);
    return out;
  }

  object<T extends object>(source: T): T {
    return this.current.Object.assign(new this.current.Object(), source) as T;
  }
}

/** Dates from any realm (the bundle's `new Date()` is not `instanceof Date` here). */
export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}
