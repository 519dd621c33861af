// The layers are true in the imports: no import cycles in src/, and a lower folder never imports a
// higher one, not even for a type. This is the lint rule for it (read with TypeScript's own parser).

import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const SRC = path.join(__dirname, '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The src files each src file imports (import and export-from, types included). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2020, true);
    const targets: string[] = [];
    for (const statement of source.statements) {
      const spec =
        (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
        statement.moduleSpecifier &&
        ts.isStringLiteral(statement.moduleSpecifier)
          ? statement.moduleSpecifier.text
          : null;
      if (!spec?.startsWith('.')) continue;
      const base = path.resolve(path.dirname(file), spec);
      const resolved = [`${base}.ts`, path.join(base, 'index.ts')].find((p) => fs.existsSync(p));
      if (resolved) targets.push(resolved);
    }
    graph.set(file, targets);
  }
  return graph;
}

const rel = (file: string): string => path.relative(SRC, file);
const folderOf = (file: string): string => rel(file).split(path.sep).slice(0, -1).join('/') || '.';

function cycles(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open')
        found.push([...stack.slice(stack.indexOf(next)), next].map(rel).join(' → '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

/** Folders each folder must never import (the layers, lowest first: slack/okta/sheet, tasks, run, handlers). */
const FORBIDDEN: Record<string, string[]> = {
  slack: ['handlers', 'run', 'tasks', 'adapters'],
  okta: ['handlers', 'run', 'tasks', 'sheet', 'slack', 'adapters'],
  google: ['handlers', 'run', 'tasks', 'sheet', 'slack', 'okta', 'adapters'],
  sheet: ['handlers', 'run', 'tasks', 'slack', 'okta', 'adapters'],
  tasks: ['handlers', 'run', 'sheet', 'slack', 'adapters'],
  run: ['handlers', 'adapters'],
  handlers: ['adapters'],
};

describe('imports in src/', () => {
  const graph = importGraph();

  it('form no cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('never go from a lower folder to a higher one', () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const forbidden = FORBIDDEN[folderOf(file)] ?? [];
      for (const target of targets)
        if (forbidden.includes(folderOf(target))) wrong.push(`${rel(file)} → ${rel(target)}`);
    }
    expect(wrong).toEqual([]);
  });
});
