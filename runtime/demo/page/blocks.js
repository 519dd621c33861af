// Renders Slack Block Kit and mrkdwn as DOM nodes. Text only ever becomes text nodes (never HTML), so
// whatever the app or Okta put in a message cannot become markup; links are limited to http(s)/mailto.

/** Slack escapes these three in mrkdwn text; everything else arrives as is. */
function decodeEntities(text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function el(tag, className, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const child of children) node.append(child);
  return node;
}

function safeHref(url) {
  return /^(https?:|mailto:)/i.test(url) ? url : null;
}

/** One `<...>` token: a mention, a channel, a special mention or a link. */
function angle(token, ctx) {
  const inner = token.slice(1, -1);
  const [target, label] = inner.split('|', 2);
  if (target.startsWith('@')) {
    const id = target.slice(1);
    const person = ctx.people.find((p) => p.id === id);
    return el('span', 'mention', [`@${decodeEntities(label ?? person?.name ?? id)}`]);
  }
  if (target.startsWith('#')) {
    const name = label ?? (target.slice(1) === ctx.channelId ? ctx.channelName : target.slice(1));
    return el('span', 'mention', [`#${decodeEntities(name)}`]);
  }
  if (target.startsWith('!')) return el('span', 'mention', [`@${decodeEntities(label ?? target.slice(1))}`]);
  const href = safeHref(decodeEntities(target));
  const text = decodeEntities(label ?? target.replace(/^mailto:/i, ''));
  if (!href) return document.createTextNode(text);
  const a = el('a', '', [text]);
  a.href = href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  return a;
}

const INLINE = /(`[^`\n]+`)|(<[^<>\n]+>)|(\*[^*\n]+\*)|(_[^_\n]+_)|(~[^~\n]+~)/;

/** mrkdwn on one line: code, <...> tokens, *bold*, _italic_, ~strike~ (nesting allowed except in code). */
function inline(text, ctx) {
  const out = [];
  let rest = text;
  while (rest.length > 0) {
    const m = INLINE.exec(rest);
    if (!m) {
      out.push(document.createTextNode(decodeEntities(rest)));
      break;
    }
    if (m.index > 0) out.push(document.createTextNode(decodeEntities(rest.slice(0, m.index))));
    const token = m[0];
    const body = token.slice(1, -1);
    if (m[1]) out.push(el('code', '', [decodeEntities(body)]));
    else if (m[2]) out.push(angle(token, ctx));
    else if (m[3]) out.push(el('strong', '', inline(body, ctx)));
    else if (m[4]) out.push(el('em', '', inline(body, ctx)));
    else out.push(el('s', '', inline(body, ctx)));
    rest = rest.slice(m.index + token.length);
  }
  return out;
}

/** mrkdwn text: lines, ```code blocks``` and > quotes. */
export function mrkdwn(text, ctx) {
  const box = el('div', 'mrkdwn');
  const parts = String(text).split('```');
  parts.forEach((part, i) => {
    if (i % 2 === 1) {
      box.append(el('pre', '', [decodeEntities(part.replace(/^\n/, ''))]));
      return;
    }
    const lines = part.split('\n');
    lines.forEach((line, j) => {
      if (line.startsWith('&gt; ') || line.startsWith('> ')) {
        box.append(el('blockquote', '', inline(line.replace(/^(&gt;|>) /, ''), ctx)));
        return;
      }
      box.append(...inline(line, ctx));
      if (j < lines.length - 1) box.append(el('br'));
    });
  });
  return box;
}

/** A text object: mrkdwn or plain_text. */
function textObject(t, ctx) {
  if (!t || typeof t.text !== 'string') return el('span');
  return t.type === 'mrkdwn' ? mrkdwn(t.text, ctx) : el('span', 'plain', [t.text]);
}

function button(element, block, ctx) {
  const b = el(
    'button',
    `bk-button ${element.style === 'primary' ? 'primary' : element.style === 'danger' ? 'danger' : ''}`,
    [element.text?.text ?? ''],
  );
  b.type = 'button';
  b.dataset.actionId = element.action_id ?? '';
  if (element.url && safeHref(element.url)) b.title = element.url;
  b.addEventListener('click', () => ctx.onButton(element, block, b));
  return b;
}

function renderBlock(block, ctx) {
  switch (block.type) {
    case 'header':
      return el('div', 'bk-header', [block.text?.text ?? '']);
    case 'section': {
      const node = el('div', 'bk-section');
      if (block.text) node.append(textObject(block.text, ctx));
      if (Array.isArray(block.fields))
        node.append(
          el(
            'div',
            'bk-fields',
            block.fields.map((f) => el('div', 'bk-field', [textObject(f, ctx)])),
          ),
        );
      if (block.accessory?.type === 'button') node.append(button(block.accessory, block, ctx));
      return node;
    }
    case 'context':
      return el(
        'div',
        'bk-context',
        (block.elements ?? []).map((e) =>
          e.type === 'image' ? el('span', 'muted', [`[${e.alt_text ?? 'image'}]`]) : textObject(e, ctx),
        ),
      );
    case 'divider':
      return el('hr', 'bk-divider');
    case 'actions':
      return el(
        'div',
        'bk-actions',
        (block.elements ?? []).map((e) =>
          e.type === 'button' ? button(e, block, ctx) : el('span', 'muted', [`[${e.type}]`]),
        ),
      );
    case 'image':
      return el('div', 'muted', [`[image: ${block.alt_text ?? ''}]`]);
    default:
      return el('div', 'muted', [`[a ${String(block.type)} block]`]);
  }
}

/** Blocks when there are any, else the message's text as mrkdwn. */
export function renderBlocks(message, ctx) {
  const body = el('div', 'bk');
  if (Array.isArray(message.blocks) && message.blocks.length > 0) {
    for (const block of message.blocks) body.append(renderBlock(block, ctx));
  } else {
    body.append(mrkdwn(message.text ?? '', ctx));
  }
  return body;
}
