// The demo page: pick who you are, send /offboard to /exec as Slack would, click the app's buttons as
// block_actions payloads, and watch the channel, the Sheet tabs and the fake Okta change. Polls the
// demo server; no framework, no build step.

import { mrkdwn, renderBlocks } from '/demo/blocks.js';

const POLL_MS = 800;
const $ = (id) => document.getElementById(id);

let state = null;
let lastRendered = '';
let me = new URLSearchParams(location.search).get('as') || localStorage.getItem('offboard-demo-me') || '';
/** Messages whose button click is on its way: their buttons stay disabled, as Slack shows a spinner. */
const busy = new Set();

async function getJson(url) {
  const res = await fetch(url, { cache: 'no-store' });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

async function postJson(url, body) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(answer.error || `${url}: HTTP ${res.status}`);
  return answer;
}

/** Posts a form to /exec the way Slack does; resolves to the parsed JSON answer (or throws). */
async function postToExec(form) {
  const res = await fetch('/exec', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`/exec answered HTTP ${res.status}: Slack would show the user a failure`);
  try {
    return text === '' ? {} : JSON.parse(text);
  } catch {
    throw new Error('/exec did not answer JSON: Slack would show the user a failure');
  }
}

let noticeTimer = 0;
/** Shows a notice; it clears after 8 s unless `sticky` (then the next notice or render replaces it). */
function notice(text, kind = 'info', sticky = false) {
  const box = $('notice');
  box.textContent = text;
  box.className = `notice ${kind}`;
  clearTimeout(noticeTimer);
  if (sticky) return;
  noticeTimer = setTimeout(() => {
    box.textContent = '';
    box.className = 'notice';
  }, 8000);
}

/** The failure armed from the form: its notice stays until the fake Okta shows it fired. */
let armed = null;

function renderArmed() {
  // A state read before the failure was armed says nothing about it.
  if (!armed || state.okta.error || state.now < armed.at) return;
  if ((state.okta.pendingFailures ?? 0) > 0) return;
  notice(`The armed failure fired: ${armed.operation} answered HTTP ${armed.status}.`);
  armed = null;
}

function person(id) {
  return state?.people.find((p) => p.id === id);
}

function meNow() {
  return person(me) ?? state.people[0];
}

// ---- Slack requests

async function sendCommand(line) {
  const match = /^\/offboard(?:\s+([\s\S]*))?$/.exec(line.trim());
  if (!match) {
    notice('This demo channel takes one command: /offboard (try /offboard help).', 'warn');
    return;
  }
  const who = meNow();
  const slack = state.slack;
  const { responseUrl } = await postJson('/demo/api/command', { userId: who.id, text: line.trim() });
  // Field order as Slack sends a slash command.
  const form = new URLSearchParams({
    token: slack.token,
    team_id: slack.teamId,
    team_domain: slack.teamDomain,
    channel_id: slack.channelId,
    channel_name: slack.channelName,
    user_id: who.id,
    user_name: who.username,
    command: '/offboard',
    text: (match[1] ?? '').trim(),
    api_app_id: slack.appId,
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: triggerId(),
  });
  const reply = await postToExec(form);
  showAtOnce(who, line.trim(), reply);
  await postJson('/demo/api/reply', { responseUrl, reply });
}

/**
 * Slack shows a command's answer as soon as /exec returns it; the demo server learns it from the next
 * request. Shown here at once, so an answer the worker soon replaces ("Looking up 8 people…") is seen.
 */
function showAtOnce(who, line, reply) {
  const text = typeof reply?.text === 'string' ? reply.text : '';
  const blocks = Array.isArray(reply?.blocks) ? reply.blocks : [];
  if (!state || reply?.response_type === 'in_channel' || (text === '' && blocks.length === 0)) return;
  const ts = (Date.now() / 1000).toFixed(6);
  // Local until the server's copy replaces it: its buttons wait for that (a click needs the server's ts).
  const mine = { channel: state.slack.channelId, visibleTo: who.id, edited: false, local: true };
  state = {
    ...state,
    ephemeral: [
      ...state.ephemeral.filter((m) => !(m.typed && m.text === line)),
      { ...mine, ts: `${ts}0`, author: who.id, text: line, blocks: [], typed: true },
      { ...mine, ts: `${ts}1`, author: 'app', text, blocks },
    ],
  };
  render();
}

async function clickButton(element, block, message) {
  if (element.confirm && !(await confirmDialog(element.confirm))) return;
  const who = meNow();
  const slack = state.slack;
  busy.add(message.ts);
  render(true);
  try {
    const click = await postJson('/demo/api/click', { userId: who.id, messageTs: message.ts });
    const payload = {
      type: 'block_actions',
      user: { id: who.id, username: who.username, name: who.username, team_id: slack.teamId },
      api_app_id: slack.appId,
      token: slack.token,
      container: {
        type: 'message',
        message_ts: message.ts,
        channel_id: slack.channelId,
        is_ephemeral: click.ephemeral,
      },
      trigger_id: triggerId(),
      team: { id: slack.teamId, domain: slack.teamDomain },
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: slack.channelId, name: slack.channelName },
      message: { type: 'message', ts: message.ts, text: click.message.text, blocks: click.message.blocks },
      state: { values: {} },
      response_url: click.responseUrl,
      actions: [
        {
          action_id: element.action_id,
          block_id: block.block_id,
          text: element.text,
          value: element.value,
          ...(element.style ? { style: element.style } : {}),
          type: 'button',
          action_ts: (Date.now() / 1000).toFixed(6),
        },
      ],
    };
    await postToExec(new URLSearchParams({ payload: JSON.stringify(payload) }));
  } finally {
    busy.delete(message.ts);
  }
}

function triggerId() {
  return `${Date.now()}.${Math.floor(Math.random() * 1e10)}.${Math.random().toString(16).slice(2, 18)}`;
}

/** Block Kit's confirm object as a small modal; resolves true on confirm. */
function confirmDialog(confirm) {
  const dialog = $('confirm-dialog');
  $('confirm-title').textContent = confirm.title?.text ?? 'Are you sure?';
  const text = $('confirm-text');
  text.replaceChildren(
    confirm.text?.type === 'mrkdwn'
      ? mrkdwn(confirm.text.text, context())
      : document.createTextNode(confirm.text?.text ?? ''),
  );
  $('confirm-ok').textContent = confirm.confirm?.text ?? 'Yes';
  $('confirm-ok').className = confirm.style === 'danger' ? 'bk-button danger' : 'bk-button primary';
  $('confirm-deny').textContent = confirm.deny?.text ?? 'Cancel';
  $('confirm-deny').className = 'bk-button';
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) =>
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), { once: true }),
  );
}

// ---- Rendering

function context() {
  return {
    people: state.people,
    channelId: state.slack.channelId,
    channelName: state.slack.channelName,
  };
}

function timeOf(ts) {
  return new Date(Number(ts) * 1000).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/**
 * The element of each message shown, by ts. A message that changes (chat.update, a response_url
 * replacement) is redrawn inside its own element, as Slack updates a message in place: it keeps its place,
 * and an edit never looks like a new message.
 */
const shown = new Map();

function messageNode(message, testid = 'message') {
  const key = JSON.stringify([message, testid, busy.has(message.ts)]);
  const known = shown.get(message.ts);
  if (known && known.key === key) return known.node;
  const node = known?.node ?? document.createElement('div');
  shown.set(message.ts, { key, node });
  fillMessage(node, message, testid);
  return node;
}

function fillMessage(node, message, testid) {
  node.replaceChildren();
  node.className = `msg${message.typed ? ' typed' : ''}${testid === 'thread-reply' ? ' reply' : ''}`;
  node.dataset.ts = message.ts;
  node.dataset.testid = testid;
  const head = document.createElement('div');
  head.className = 'msg-head';
  const author = document.createElement('span');
  author.className = 'author';
  author.textContent =
    message.author === 'app' ? 'Offboard' : (person(message.author)?.name ?? message.author);
  head.append(author);
  if (message.author === 'app') {
    const tag = document.createElement('span');
    tag.className = 'app-tag';
    tag.textContent = 'APP';
    head.append(tag);
  }
  const time = document.createElement('span');
  time.className = 'time';
  time.textContent = timeOf(message.ts) + (message.edited ? ' (edited)' : '');
  head.append(time);
  node.append(head);
  if (message.typed) {
    const code = document.createElement('code');
    code.textContent = message.text;
    node.append(code);
    return;
  }
  const ctx = {
    ...context(),
    onButton: (element, block) => {
      clickButton(element, block, message)
        .catch((e) => notice(e.message, 'error'))
        .finally(() => refresh());
    },
  };
  node.append(renderBlocks(message, ctx));
  if (busy.has(message.ts) || message.local)
    node.querySelectorAll('button').forEach((b) => (b.disabled = true));
}

/** Thread boxes by their parent's ts, kept like messages. */
const threads = new Map();

/** A longer thread (a batch's, one reply per person) starts folded, as Slack shows "7 replies". */
const OPEN_THREAD_REPLIES = 3;

function threadNode(parentTs, replies) {
  let box = threads.get(parentTs);
  if (!box) {
    box = document.createElement('details');
    const label = document.createElement('summary');
    label.className = 'thread-label muted small';
    label.dataset.testid = 'thread-toggle';
    // Once someone opens or folds it, it stays as they left it.
    label.addEventListener('click', () => (box.dataset.chosen = 'true'));
    box.append(label);
    threads.set(parentTs, box);
  }
  box.className = 'thread';
  box.dataset.testid = 'thread';
  box.dataset.parent = parentTs;
  if (box.dataset.chosen !== 'true') box.open = replies.length <= OPEN_THREAD_REPLIES;
  const label = box.querySelector(':scope > summary');
  label.textContent = `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`;
  keepChildren(box, [label, ...replies.map((r) => messageNode(r, 'thread-reply'))]);
  return box;
}

/** Puts exactly `nodes` in `box`, touching the DOM only when the list changed. */
function keepChildren(box, nodes) {
  const current = [...box.children];
  if (current.length === nodes.length && current.every((n, i) => n === nodes[i])) return;
  box.replaceChildren(...nodes);
}

/** Forgets the elements of messages no longer shown (deleted, or another person's view). */
function forgetHidden() {
  const live = new Set([...state.channel, ...state.ephemeral].map((m) => m.ts));
  for (const ts of [...shown.keys()]) if (!live.has(ts)) shown.delete(ts);
  for (const ts of [...threads.keys()]) if (!live.has(ts)) threads.delete(ts);
}

function renderMessages(box, messages, empty) {
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  if (messages.length === 0) {
    const p = document.createElement('p');
    p.className = 'muted empty';
    p.textContent = empty;
    box.replaceChildren(p);
    return;
  }
  // Thread replies go under their message, as Slack shows a thread (here always open).
  const tops = new Set(messages.filter((m) => !m.threadTs).map((m) => m.ts));
  const replies = new Map();
  for (const m of messages) {
    if (!m.threadTs || !tops.has(m.threadTs)) continue;
    replies.set(m.threadTs, [...(replies.get(m.threadTs) ?? []), m]);
  }
  const nodes = [];
  for (const m of messages) {
    if (m.threadTs && tops.has(m.threadTs)) continue;
    nodes.push(messageNode(m));
    const thread = replies.get(m.ts);
    if (thread) nodes.push(threadNode(m.ts, thread));
  }
  keepChildren(box, nodes);
  if (atBottom) box.scrollTop = box.scrollHeight;
}

function cell(tag, text, className) {
  const node = document.createElement(tag);
  const value = String(text ?? '');
  node.textContent = value.length > 60 ? `${value.slice(0, 57)}…` : value;
  if (value.length > 60) node.title = value;
  if (className) node.className = className;
  return node;
}

/** Column order on the page: the first column, then Status (a run's tasks push it far right in the Sheet). */
function columnOrder(headers) {
  const status = headers.indexOf('Status');
  const all = headers.map((_, i) => i);
  return status <= 1 ? all : [0, status, ...all.filter((i) => i !== 0 && i !== status)];
}

function renderTab(table, tab, newestFirst) {
  if (!tab) {
    table.replaceChildren(cell('caption', 'This tab is missing: run setup.'));
    return;
  }
  const order = columnOrder(tab.headers);
  tab = {
    ...tab,
    headers: order.map((i) => tab.headers[i]),
    rows: tab.rows.map((r) => order.map((i) => r[i])),
  };
  const head = document.createElement('thead');
  const hr = document.createElement('tr');
  hr.append(...tab.headers.map((h) => cell('th', h)));
  head.append(hr);
  const body = document.createElement('tbody');
  const rows = newestFirst ? [...tab.rows].reverse() : tab.rows;
  for (const row of rows) {
    const tr = document.createElement('tr');
    tr.append(
      ...row.map((v, i) =>
        cell(
          'td',
          v,
          tab.headers[i] === 'Status' ? `status-cell status-${String(v).replace(/\W+/g, '-')}` : '',
        ),
      ),
    );
    body.append(tr);
  }
  if (rows.length === 0) {
    const tr = document.createElement('tr');
    const td = cell('td', 'No rows yet.', 'muted');
    td.colSpan = Math.max(1, tab.headers.length);
    tr.append(td);
    body.append(tr);
  }
  table.replaceChildren(head, body);
}

/** A person's cell in the Okta and Google panels: their name, and their login or address below it. */
function personCell(name, sub) {
  const who = document.createElement('td');
  const first = document.createElement('div');
  first.textContent = name;
  const second = document.createElement('div');
  second.className = 'muted small';
  second.textContent = sub;
  who.append(first, second);
  return who;
}

/** A status badge cell (coloured by `status`, reading `text`), found by tests through `testid`. */
function statusCell(status, text, testid) {
  const td = cell('td', '');
  const badge = document.createElement('span');
  badge.className = `badge status-${status}`;
  badge.dataset.testid = testid;
  badge.textContent = text;
  td.append(badge);
  return td;
}

function renderOkta() {
  const rows = $('okta-rows');
  if (state.okta.error) {
    rows.replaceChildren(cell('td', `The fake Okta did not answer: ${state.okta.error}`, 'error'));
    return;
  }
  rows.replaceChildren(
    ...state.okta.users.map((u) => {
      const tr = document.createElement('tr');
      tr.dataset.login = u.login;
      const who = personCell(u.displayName, u.login);
      const status = statusCell(u.status, u.status, 'okta-status');
      // A rehire's account comes back in Okta before `/offboard restore` can put them back in groups.
      if (u.status === 'DEPROVISIONED') status.append(' ', reactivateButton(u));
      tr.append(
        who,
        status,
        cell('td', u.sessions, 'num'),
        cell('td', u.grants + u.tokens, 'num'),
        cell('td', u.factors.length, 'num'),
        cell('td', u.groups.join(', '), 'small'),
        cell('td', u.apps.join(', '), 'small'),
      );
      return tr;
    }),
  );
  $('pending-failures').textContent = state.okta.pendingFailures
    ? `${state.okta.pendingFailures} failure(s) armed`
    : '';
}

function renderGoogle() {
  const rows = $('google-rows');
  if (!state.google || state.google.users.length === 0) {
    rows.replaceChildren(cell('td', 'No fake Google Workspace in this demo.', 'muted'));
    return;
  }
  rows.replaceChildren(
    ...state.google.users.map((u) => {
      const tr = document.createElement('tr');
      tr.dataset.email = u.email;
      const account = u.suspended ? 'SUSPENDED' : 'ACTIVE';
      const who = personCell(u.name, u.email);
      const status = statusCell(account, `${account}${u.listed ? '' : ', hidden'}`, 'google-status');
      tr.append(
        who,
        status,
        cell('td', u.sessions, 'num'),
        cell('td', u.tokens, 'num'),
        cell('td', u.asps, 'num'),
        cell('td', u.groups.join(', '), 'small'),
        cell('td', u.transfers.join(', '), 'small'),
      );
      return tr;
    }),
  );
}

/** Reactivates the person in the fake Okta (activateUser), as an Okta admin would. */
function reactivateButton(u) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'small';
  button.dataset.testid = 'okta-reactivate';
  button.textContent = 'Reactivate';
  button.title = 'Reactivate in Okta (activateUser), as an Okta admin would for a rehire';
  button.addEventListener('click', () => {
    button.disabled = true;
    postJson('/demo/api/reactivate', { oktaUserId: u.id })
      .then(() => notice(`${u.displayName} is reactivated in Okta.`))
      .catch((err) => notice(err.message, 'error'))
      .finally(() => refresh());
  });
  return button;
}

function renderTriggers() {
  const recurring = state.triggers.filter((t) => t.kind !== 'after');
  const parts = recurring.map((t) => `${t.handler} every ${Math.max(1, Math.round(t.intervalMs / 1000))} s`);
  const next = state.triggers.map((t) => t.nextAt).sort((a, b) => a - b)[0];
  if (next !== undefined) parts.push(`next in ${Math.max(0, Math.round((next - state.now) / 1000))} s`);
  $('triggers').textContent =
    (parts.length ? `Triggers: ${parts.join(' · ')}` : 'No clock triggers: run setup') +
    // Served by the front door while an execution holds the runtime (runtime/demo/frontDoor.mjs).
    (state.busy ? ' · an execution is running: the Sheet tabs update when it ends' : '');
}

function renderPeople() {
  const select = $('me');
  if (select.options.length !== state.people.length) {
    select.replaceChildren(
      ...state.people.map((p) => {
        const o = document.createElement('option');
        o.value = p.id;
        o.textContent = `${p.name}${p.role ? ` (${p.role}${p.active ? '' : ', inactive'})` : ' (not approved)'}`;
        return o;
      }),
    );
  }
  select.value = meNow().id;
  // Which person the rendered state belongs to (tests wait on it after switching).
  select.dataset.as = state.me;
  $('about').textContent = meNow().about;
}

function renderFailForm() {
  const op = $('fail-operation');
  if (op.options.length === 0) {
    op.replaceChildren(...state.operations.map((name) => new Option(name, name)));
    // Deactivate pauses its run on failure (some tasks, such as Reset Factors, pass a failure by).
    op.value = state.operations.includes('deactivateUser') ? 'deactivateUser' : state.operations[0];
    $('fail-status').replaceChildren(...state.failureStatuses.map((s) => new Option(String(s), String(s))));
    $('fail-status').value = '403';
  }
}

/** Renders the whole page from `state`; skips work when nothing changed (unless forced). */
function render(force = false) {
  if (!state) return;
  const key = JSON.stringify([state, [...busy]]);
  if (!force && key === lastRendered) return;
  lastRendered = key;
  renderPeople();
  forgetHidden();
  $('channel-name').textContent = state.slack.channelName;
  $('command').placeholder = `/offboard ${state.firstTarget}`;
  renderMessages($('channel'), state.channel, 'No messages yet: runs report here once confirmed.');
  renderMessages($('ephemeral'), state.ephemeral, 'Replies only you can see show up here.');
  renderOkta();
  renderGoogle();
  renderTab($('tab-offboarding'), state.tabs.offboarding, false);
  renderTab($('tab-audit'), state.tabs.audit, true);
  renderTriggers();
  renderFailForm();
  renderSteps();
  renderArmed();
}

/** What to try first: `text between backticks` is something to type. */
function renderSteps() {
  const list = $('steps');
  const key = JSON.stringify(state.steps ?? []);
  if (list.dataset.key === key) return;
  list.dataset.key = key;
  list.replaceChildren(
    ...(state.steps ?? []).map((step) => {
      const li = document.createElement('li');
      step.split('`').forEach((part, i) => {
        if (part === '') return;
        if (i % 2 === 0) li.append(document.createTextNode(part));
        else {
          const code = document.createElement('code');
          code.textContent = part;
          li.append(part.startsWith('/offboard') ? tryButton(code, part) : code);
        }
      });
      return li;
    }),
  );
}

/** A command of the first steps as a button that puts it in the message box, ready to send. */
function tryButton(code, command) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'try';
  button.dataset.testid = 'try-command';
  button.title = 'Put this command in the message box';
  button.append(code);
  button.addEventListener('click', () => {
    const input = $('command');
    input.value = command;
    input.focus();
  });
  return button;
}

async function refresh() {
  try {
    const next = await getJson(`/demo/api/state?as=${encodeURIComponent(me)}`);
    state = next;
    if (!me) me = state.me;
    render();
    document.body.dataset.ready = 'true';
  } catch (e) {
    notice(`The demo server did not answer: ${e.message}`, 'error');
  }
}

// ---- Wiring

function wire() {
  $('me').addEventListener('change', (e) => {
    me = e.target.value;
    localStorage.setItem('offboard-demo-me', me);
    refresh();
  });
  $('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = $('command');
    const line = input.value;
    if (line.trim() === '') return;
    input.value = '';
    $('send').disabled = true;
    sendCommand(line)
      .catch((err) => notice(err.message, 'error'))
      .finally(() => {
        $('send').disabled = false;
        refresh();
      });
  });
  $('fail-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const operation = $('fail-operation').value;
    const status = Number($('fail-status').value);
    postJson('/demo/api/fail-next', { operation, status })
      .then(() => {
        armed = { operation, status, at: Date.now() };
        notice(`The next ${operation} call will answer HTTP ${status}.`, 'info', true);
      })
      .catch((err) => notice(err.message, 'error'))
      .finally(() => refresh());
  });
  $('run-worker').addEventListener('click', () => {
    $('run-worker').disabled = true;
    postJson('/demo/api/run-worker')
      .catch((err) => notice(err.message, 'error'))
      .finally(() => {
        $('run-worker').disabled = false;
        refresh();
      });
  });
  refresh();
  setInterval(refresh, POLL_MS);
}

wire();
