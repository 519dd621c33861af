// The command-line scripts: Slack manifest, script id, deploy plan. Each runs as `npm run` would run it.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

function script(name: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(root, 'scripts', name), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, OFFBOARD_DEPLOYMENT_ID: '', clasp_config_project: '', ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A /exec URL shaped like a real one; `id` varies so nothing is hard-coded twice. */
function execUrl(id = `AKfycb${'x'.repeat(40)}`): string {
  return `https://script.google.com/macros/s/${id}/exec`;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'offboard-scripts-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('manifest.mjs', () => {
  it('points the /offboard command at the /exec URL', () => {
    const url = execUrl();
    const manifest = JSON.parse(script('manifest.mjs', [url]).stdout);
    expect(manifest.features.slash_commands).toEqual([
      expect.objectContaining({ command: '/offboard', url }),
    ]);
  });

  it('points interactivity (the buttons) at the /exec URL', () => {
    const url = execUrl(`AKfycbz${'Q'.repeat(50)}`);
    const manifest = JSON.parse(script('manifest.mjs', [url]).stdout);
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: url });
  });

  it('asks for exactly the four bot scopes', () => {
    const manifest = JSON.parse(script('manifest.mjs', [execUrl()]).stdout);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      ['chat:write', 'commands', 'users:read', 'users:read.email'].sort(),
    );
  });

  it('writes the manifest to --out instead of stdout', () => {
    const out = join(dir, 'manifest.json');
    const url = execUrl();
    script('manifest.mjs', [url, '--out', out]);
    expect(JSON.parse(readFileSync(out, 'utf8')).settings.interactivity.request_url).toBe(url);
  });

  it('refuses a URL that is not an Apps Script /exec URL, naming it', () => {
    const bad = 'https://script.google.com/macros/s/AKfycbxxxxxxxxxxxxxxxxxxxxxxxx/dev';
    const r = script('manifest.mjs', [bad]);
    expect({ failed: r.status !== 0, named: r.stderr.includes(bad), stdout: r.stdout }).toEqual({
      failed: true,
      named: true,
      stdout: '',
    });
  });

  it('escapes mentions, so /offboard @jane arrives as <@U…|jane>', () => {
    const manifest = JSON.parse(script('manifest.mjs', [execUrl()]).stdout);
    expect(manifest.features.slash_commands[0].should_escape).toBe(true);
  });

  it('says what a deployment id looks like when given a URL with a short id', () => {
    const r = script('manifest.mjs', ['https://script.google.com/macros/s/1AbC/exec']);
    expect(r.stderr).toContain('the deployment id is the long id');
  });

  it('refuses a run without a URL', () => {
    expect(script('manifest.mjs', []).status).not.toBe(0);
  });
});

describe('set-script-id.mjs', () => {
  it('writes the id into the project file, keeping rootDir', () => {
    const project = join(dir, '.clasp.json');
    writeFileSync(project, JSON.stringify({ scriptId: 'REPLACE_WITH_YOUR_SCRIPT_ID', rootDir: 'build' }));
    const id = `1${'a'.repeat(30)}_B-c`;
    script('set-script-id.mjs', [id], { clasp_config_project: project });
    expect(JSON.parse(readFileSync(project, 'utf8'))).toEqual({ scriptId: id, rootDir: 'build' });
  });

  it('refuses an id of the wrong shape and leaves the file alone', () => {
    const project = join(dir, '.clasp.json');
    const before = JSON.stringify({ scriptId: 'REPLACE_WITH_YOUR_SCRIPT_ID', rootDir: 'build' });
    writeFileSync(project, before);
    const r = script('set-script-id.mjs', ['not an id!'], { clasp_config_project: project });
    expect({ failed: r.status !== 0, file: readFileSync(project, 'utf8') }).toEqual({
      failed: true,
      file: before,
    });
  });
});

describe('deploy.mjs', () => {
  function projectWithScriptId(): string {
    const project = join(dir, '.clasp.json');
    writeFileSync(project, JSON.stringify({ scriptId: `1${'s'.repeat(40)}`, rootDir: 'build' }));
    return project;
  }

  it('stops before doing anything while the script id is the placeholder', () => {
    const project = join(dir, '.clasp.json');
    writeFileSync(project, JSON.stringify({ scriptId: 'REPLACE_WITH_YOUR_SCRIPT_ID', rootDir: 'build' }));
    const r = script('deploy.mjs', ['--dry-run'], {
      clasp_config_project: project,
      OFFBOARD_DEPLOYMENT_ID: `AKfycb${'d'.repeat(30)}`,
    });
    expect({ failed: r.status !== 0, says: r.stderr.includes('set-script-id') }).toEqual({
      failed: true,
      says: true,
    });
  });

  it('updates the one deployment named by OFFBOARD_DEPLOYMENT_ID in place', () => {
    const id = `AKfycb${'d'.repeat(30)}`;
    const r = script('deploy.mjs', ['--dry-run'], {
      clasp_config_project: projectWithScriptId(),
      OFFBOARD_DEPLOYMENT_ID: id,
    });
    expect(r.stdout).toMatch(new RegExp(`update-deployment ${id} `));
  });

  it('pushes before it makes the version it deploys', () => {
    const r = script('deploy.mjs', ['--dry-run'], {
      clasp_config_project: projectWithScriptId(),
      OFFBOARD_DEPLOYMENT_ID: `AKfycb${'d'.repeat(30)}`,
    });
    const order = ['typecheck', 'test', 'build', 'push', 'version', 'deploy'].map((step) =>
      r.stdout.indexOf(`${step}:`),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('prints the /exec URL of that deployment', () => {
    const id = `AKfycb${'e'.repeat(30)}`;
    const r = script('deploy.mjs', ['--dry-run'], {
      clasp_config_project: projectWithScriptId(),
      OFFBOARD_DEPLOYMENT_ID: id,
    });
    expect(r.stdout).toContain(execUrl(id));
  });

  it('refuses a deployment id of the wrong shape', () => {
    const r = script('deploy.mjs', ['--dry-run'], {
      clasp_config_project: projectWithScriptId(),
      OFFBOARD_DEPLOYMENT_ID: 'x y',
    });
    expect({ failed: r.status !== 0, named: r.stderr.includes('"x y"') }).toEqual({
      failed: true,
      named: true,
    });
  });
});
