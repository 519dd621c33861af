// Types for gas-local 1.3.1, which ships none: it runs every .js file of a folder in one vm context.
declare module 'gas-local' {
  import type { Context } from 'node:vm';

  export interface GasRequireOptions {
    /** Which files of the folder to load; default: every `.js` file. */
    filter?: (path: string) => boolean;
  }

  /** Runs the folder's files in `vm.createContext(globalObject)` and answers that context. */
  export function require(
    folderPath: string,
    globalObject?: Record<string, unknown>,
    options?: GasRequireOptions,
  ): Context & Record<string, unknown>;

  export const globalMockDefault: Record<string, unknown>;
}
