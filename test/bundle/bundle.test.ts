// The real build/Code.js, loaded the way Apps Script loads it: one classic script in a fresh global scope.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vm from 'node:vm';
import ts from 'typescript';
import { ENTRY_POINTS } from '../fixtures/entryPoints';

const root = join(__dirname, '..', '..');
const codePath = join(root, 'build', 'Code.js');

function newestMtime(dir: string): number {
  return Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((d) => {
      const path = join(dir, d.name);
      return d.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    }),
  );
}

/** `npm test` builds first; a lone `npx jest` rebuilds here when src/ changed since. */
function freshBundle(): string {
  const inputsChanged = Math.max(
    newestMtime(join(root, 'src')),
    statSync(join(root, 'appsscript.json')).mtimeMs,
  );
  if (!existsSync(codePath) || statSync(codePath).mtimeMs < inputsChanged) {
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'pipe' });
  }
  return readFileSync(codePath, 'utf8');
}

function parse(fileName: string, text: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2020, true, ts.ScriptKind.JS);
}

/** Names of top-level `export function` declarations in src/main.ts. */
function mainExports(): string[] {
  const source = ts.createSourceFile(
    'main.ts',
    readFileSync(join(root, 'src', 'main.ts'), 'utf8'),
    ts.ScriptTarget.ES2020,
    true,
    ts.ScriptKind.TS,
  );
  return source.statements
    .filter(ts.isFunctionDeclaration)
    .filter((f) => f.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword))
    .map((f) => f.name?.text ?? '');
}

function topLevelFunctions(file: ts.SourceFile): string[] {
  return file.statements.filter(ts.isFunctionDeclaration).map((f) => f.name?.text ?? '');
}

/** Any import/export statement, import(), or `export` modifier anywhere in the bundle. */
function moduleSyntax(file: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isImportDeclaration(node) ||
      ts.isExportDeclaration(node) ||
      ts.isExportAssignment(node) ||
      (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) ||
      (ts.canHaveModifiers(node) &&
        ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword))
    ) {
      found.push(node.getText(file).slice(0, 60));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

const code = freshBundle();
const file = parse('Code.js', code);
const sorted = (names: string[]): string[] => [...names].sort();

describe('build/Code.js', () => {
  it('has a top-level function declaration for every entry point', () => {
    expect(sorted(topLevelFunctions(file))).toEqual(expect.arrayContaining(sorted(ENTRY_POINTS)));
  });

  it('has exactly one top-level function per export of src/main.ts', () => {
    expect(sorted(topLevelFunctions(file))).toEqual(sorted(mainExports()));
  });

  it('keeps no import or export syntax', () => {
    expect(moduleSyntax(file)).toEqual([]);
  });

  it('compiles as a classic script, as Apps Script runs it', () => {
    expect(() => new vm.Script(code, { filename: 'Code.js' })).not.toThrow();
  });

  it('loads without touching any Apps Script global', () => {
    // A fresh context has none: a load-time SpreadsheetApp call would throw a ReferenceError here.
    expect(() => vm.runInNewContext(code, {}, { filename: 'Code.js' })).not.toThrow();
  });

  it('makes each entry point a global function once loaded', () => {
    const context = vm.createContext({});
    vm.runInContext(code, context, { filename: 'Code.js' });
    // Evaluated inside the context: that is the global scope Apps Script calls doPost from.
    const notFunctions = ENTRY_POINTS.filter(
      (name) => vm.runInContext(`typeof ${name}`, context) !== 'function',
    );
    expect(notFunctions).toEqual([]);
  });

  it("delegates each stub to the bundle's own export", () => {
    const context: Record<string, unknown> = {};
    vm.runInNewContext(code, context, { filename: 'Code.js' });
    expect(sorted(Object.keys(context.__app as object))).toEqual(sorted(topLevelFunctions(file)));
  });

  it('answers doGet with JSON through ContentService', () => {
    const output = { text: '', mimeType: '' };
    const textOutput = {
      setMimeType(mimeType: string) {
        output.mimeType = mimeType;
        return textOutput;
      },
    };
    const ContentService = {
      MimeType: { JSON: 'JSON' },
      createTextOutput(text: string) {
        output.text = text;
        return textOutput;
      },
    };
    const context: Record<string, unknown> = { ContentService };
    vm.runInNewContext(code, context, { filename: 'Code.js' });
    (context.doGet as () => unknown)();
    expect({ mimeType: output.mimeType, json: typeof JSON.parse(output.text) }).toEqual({
      mimeType: 'JSON',
      json: 'object',
    });
  });
});

describe('build/appsscript.json', () => {
  it('is the manifest copied from the project root', () => {
    expect(readFileSync(join(root, 'build', 'appsscript.json'), 'utf8')).toBe(
      readFileSync(join(root, 'appsscript.json'), 'utf8'),
    );
  });
});
