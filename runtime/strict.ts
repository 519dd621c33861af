// Fail loudly: any Apps Script global or method the runtime does not emulate throws, naming it, instead
// of answering undefined and failing somewhere far away.

/** Properties that Node, Jest and Promise machinery probe on any object; answering undefined is right. */
const PROBES = new Set([
  'then',
  'toJSON',
  'asymmetricMatch',
  'nodeType',
  '$$typeof',
  'constructor',
  'inspect',
]);

export function notEmulatedMessage(path: string): string {
  return `Offboard local runtime: ${path} is not emulated`;
}

/** Makes the Error thrown; the bundle's realm when known, so its `instanceof Error` holds. */
export type ErrorMaker = (message: string) => Error;

const nodeError: ErrorMaker = (message) => new Error(message);

/** Wraps `target` so reading any member it lacks throws `<name>.<member> is not emulated`. */
export function strict<T extends object>(name: string, target: T, makeError: ErrorMaker = nodeError): T {
  return new Proxy(target, {
    get(obj, key, receiver) {
      if (typeof key === 'symbol' || key in obj || PROBES.has(key)) return Reflect.get(obj, key, receiver);
      throw makeError(notEmulatedMessage(`${name}.${key}`));
    },
  });
}

/** A whole Apps Script service the runtime does not provide (DriveApp, GmailApp, ...). */
export function missingService(name: string, makeError: ErrorMaker = nodeError): object {
  return strict(name, {}, makeError);
}
