// Prints the Slack app manifest for a deployed /exec URL: `npm run manifest -- <exec url> [--out file]`.

import { writeFileSync } from 'node:fs';

const USAGE =
  'usage: npm run manifest -- https://script.google.com/macros/s/<deployment id>/exec [--out manifest.json]';
const EXEC_URL = /^https:\/\/script\.google\.com\/macros\/s\/[A-Za-z0-9_-]{20,}\/exec$/;

function fail(message) {
  console.error(message);
  console.error(USAGE);
  process.exit(1);
}

/** Slack's app manifest (schema 1.x): the slash command and the buttons both post to the /exec URL. */
function manifest(execUrl) {
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: 'Offboard',
      description: "Cut a departing person's Okta access, with every step recorded in a Google Sheet.",
      background_color: '#3b3b3b',
    },
    features: {
      bot_user: { display_name: 'Offboard', always_online: false },
      slash_commands: [
        {
          command: '/offboard',
          url: execUrl,
          description: "Cut a person's Okta access, task by task",
          usage_hint: 'jane@corp.com',
          // "Escape channels, users, and links sent to your app": a picked @mention then arrives as
          // <@U…|name>, which Offboard resolves to the person's email; without it, it arrives as "@name".
          // Typed emails arrive as <mailto:…|…> links, which the command grammar unwraps.
          should_escape: true,
        },
      ],
    },
    oauth_config: {
      scopes: { bot: ['commands', 'chat:write', 'users:read', 'users:read.email'] },
    },
    settings: {
      interactivity: { is_enabled: true, request_url: execUrl },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
}

const args = process.argv.slice(2);
let out;
const positional = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--out') {
    out = args[++i];
    if (out === undefined || out === '') fail('--out needs a file name');
  } else {
    positional.push(args[i]);
  }
}
if (positional.length !== 1) fail(`expected one /exec URL, got ${positional.length} argument(s)`);

const url = positional[0].trim();
if (!EXEC_URL.test(url)) {
  fail(
    `not an Apps Script /exec URL: "${url}" (expected https://script.google.com/macros/s/<deployment id>/exec, ` +
      'where the deployment id is the long id that `clasp create-deployment` or Deploy → Manage deployments ' +
      'shows, starting with AKfycb, not the script id)',
  );
}

const text = `${JSON.stringify(manifest(url), null, 2)}\n`;
if (out === undefined) {
  process.stdout.write(text);
} else {
  writeFileSync(out, text);
  console.error(`wrote ${out}: paste it at https://api.slack.com/apps → Create New App → From a manifest`);
}
