// Installs tiny fake Apps Script globals for one test and removes them afterwards.

const installed: string[] = [];

/** Puts each fake on globalThis, where the adapters look up SpreadsheetApp, UrlFetchApp and friends. */
export function fakeGlobals(fakes: Record<string, unknown>): void {
  for (const [name, fake] of Object.entries(fakes)) {
    Object.defineProperty(globalThis, name, { value: fake, configurable: true, writable: true });
    installed.push(name);
  }
}

export function removeFakeGlobals(): void {
  for (const name of installed.splice(0)) delete (globalThis as Record<string, unknown>)[name];
}

/** A UrlFetchApp HTTPResponse stand-in. */
export function fetchResponse(status: number, headers: object = {}, body = ''): object {
  return {
    getResponseCode: () => status,
    getAllHeaders: () => headers,
    getContentText: () => body,
  };
}
