// Writes the Apps Script project id into .clasp.json: `npm run set-script-id -- <script id>`.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The same variable clasp reads, so a test or a second checkout can point both at another file.
const projectFile =
  process.env.clasp_config_project || join(dirname(fileURLToPath(import.meta.url)), '..', '.clasp.json');

// Script ids are long base64url strings (Project Settings → IDs → Script ID in the Apps Script editor).
const SCRIPT_ID = /^[A-Za-z0-9_-]{25,100}$/;

const id = (process.argv[2] ?? '').trim();
if (process.argv.length !== 3 || !SCRIPT_ID.test(id)) {
  console.error(`not a script id: "${id}"`);
  console.error('usage: npm run set-script-id -- <script id from Apps Script → Project Settings → IDs>');
  process.exit(1);
}

let project = { rootDir: 'build' };
try {
  project = JSON.parse(readFileSync(projectFile, 'utf8'));
} catch (e) {
  if (e.code !== 'ENOENT') {
    console.error(`cannot read ${projectFile}: ${e.message}`);
    process.exit(1);
  }
}
project.scriptId = id;
project.rootDir ??= 'build';
writeFileSync(projectFile, `${JSON.stringify(project, null, 2)}\n`);
console.log(`${projectFile}: scriptId set. Keep it out of git: git update-index --skip-worktree .clasp.json`);
