// Typecheck, test, build, push, and point the one stable web-app deployment at the new version.
// Usage: npm run deploy -- ["version message"] [--dry-run]

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PLACEHOLDER = 'REPLACE_WITH_YOUR_SCRIPT_ID';
const DEPLOYMENT_ID = /^[A-Za-z0-9_-]{20,}$/;
const deploymentIdFile = join(root, '.deployment-id');
// clasp reads .clasp.json from this variable when set; so do we, to check the same file it will use.
const projectFile = process.env.clasp_config_project || join(root, '.clasp.json');

const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const message = args.find((a) => !a.startsWith('--')) ?? `Offboard ${gitHead()} ${new Date().toISOString()}`;

function stop(lines, code = 1) {
  for (const line of lines) console.error(line);
  process.exit(code);
}

function gitHead() {
  const r = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : 'unversioned';
}

function deploymentId() {
  const fromEnv = process.env.OFFBOARD_DEPLOYMENT_ID?.trim();
  if (fromEnv) return { id: fromEnv, from: 'OFFBOARD_DEPLOYMENT_ID' };
  if (existsSync(deploymentIdFile))
    return { id: readFileSync(deploymentIdFile, 'utf8').trim(), from: '.deployment-id' };
  return null;
}

function scriptId() {
  try {
    return JSON.parse(readFileSync(projectFile, 'utf8')).scriptId ?? '';
  } catch {
    return '';
  }
}

// ---- Preconditions first: nothing is built or pushed when the deploy could not finish.
const script = scriptId();
if (!script || script === PLACEHOLDER) {
  stop([
    `No Apps Script project in ${projectFile}.`,
    'Create or open the Sheet, then Extensions → Apps Script → Project Settings → copy the Script ID, and run:',
    '  npx clasp login',
    '  npm run set-script-id -- <script id>',
  ]);
}

const deployment = deploymentId();
if (deployment === null) {
  stop(
    [
      'No deployment to update yet. The first deployment creates the /exec URL Slack will call; do it once:',
      '  npm run build && npx clasp push --force',
      '  npx clasp create-deployment --description "Offboard"      # prints: Deployed <deployment id> @1',
      '  echo <deployment id> > .deployment-id                     # or export OFFBOARD_DEPLOYMENT_ID',
      'Then open the Sheet, reload it, run Offboarding → Set up tabs and triggers, and grant the scopes.',
      'Later deploys (`npm run deploy`) update that same deployment, so the /exec URL never changes.',
    ],
    2,
  );
}
if (!DEPLOYMENT_ID.test(deployment.id)) {
  stop([`not a deployment id (from ${deployment.from}): "${deployment.id}"`]);
}

const clasp = join(root, 'node_modules', '.bin', 'clasp');
const execUrl = `https://script.google.com/macros/s/${deployment.id}/exec`;

const steps = [
  ['typecheck', 'npm', ['run', 'typecheck']],
  ['test', 'npx', ['jest']],
  ['build', 'npm', ['run', 'build']],
  ['push', clasp, ['push', '--force']],
];

if (dryRun) {
  for (const [name, cmd, cmdArgs] of steps) console.log(`${name}: ${cmd} ${cmdArgs.join(' ')}`);
  console.log(`version: ${clasp} --json create-version ${JSON.stringify(message)}`);
  console.log(`deploy: ${clasp} update-deployment ${deployment.id} --versionNumber <new version> --json`);
  console.log(`url: ${execUrl}`);
  process.exit(0);
}

function runStep(name, cmd, cmdArgs, capture = false) {
  console.log(`\n▶ ${name}`);
  const r = spawnSync(cmd, cmdArgs, {
    cwd: root,
    stdio: capture ? ['inherit', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
  });
  if (r.error) stop([`${name} could not start: ${r.error.message}`]);
  if (r.status !== 0) stop([`${name} failed (exit ${r.status}); nothing after it ran.`]);
  return r.stdout ?? '';
}

/** clasp --json prints one JSON object; anything before it (a spinner line) is skipped. */
function jsonOut(text, step) {
  const start = text.indexOf('{');
  try {
    return JSON.parse(text.slice(start));
  } catch {
    return stop([`${step}: could not read clasp's answer: ${text.trim()}`]);
  }
}

for (const [name, cmd, cmdArgs] of steps) runStep(name, cmd, cmdArgs);

const { versionNumber } = jsonOut(
  runStep('version', clasp, ['--json', 'create-version', message], true),
  'version',
);
if (!Number.isInteger(versionNumber)) stop([`version: clasp answered no version number`]);

const updated = jsonOut(
  runStep(
    'deploy',
    clasp,
    [
      'update-deployment',
      deployment.id,
      '--versionNumber',
      String(versionNumber),
      '--description',
      message,
      '--json',
    ],
    true,
  ),
  'deploy',
);

console.log(
  `\nDeployment ${updated.deploymentId ?? deployment.id} now serves version ${updated.versionNumber ?? versionNumber}.`,
);
// The URL is a bearer secret: it is printed for the deployer only; never paste it in a channel.
console.log(`Web app: ${execUrl}`);
