// The subset of Okta's filter/search expression language the fake understands: eq/sw/gt/lt/ge/le/ne,
// and/or, parentheses. Anything else is an invalid search, as Okta answers it. String values compare
// case-sensitively in `filter` and case-insensitively in `search` (Okta API reference, listUsers).

export class FilterSyntaxError extends Error {}

/** Reads an attribute such as `status` or `profile.email` off a record. */
export type AttributeReader = (attribute: string) => string | number | boolean | undefined;

export type Predicate = (read: AttributeReader) => boolean;

type Token =
  { kind: 'word'; text: string } | { kind: 'string'; text: string } | { kind: 'paren'; text: '(' | ')' };

const OPERATORS = new Set(['eq', 'ne', 'sw', 'gt', 'lt', 'ge', 'le']);

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expression.length) {
    const c = expression[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: 'paren', text: c });
      i++;
    } else if (c === '"') {
      let text = '';
      i++;
      while (i < expression.length && expression[i] !== '"') {
        if (expression[i] === '\\' && i + 1 < expression.length) i++;
        text += expression[i];
        i++;
      }
      if (i >= expression.length) throw new FilterSyntaxError(`unterminated string in ${expression}`);
      i++;
      tokens.push({ kind: 'string', text });
    } else {
      let text = '';
      while (i < expression.length && !/[\s()"]/.test(expression[i] as string)) {
        text += expression[i];
        i++;
      }
      tokens.push({ kind: 'word', text });
    }
  }
  return tokens;
}

export interface ParseOptions {
  /** `search` compares string values without regard to case; `filter` (the default) compares them exactly. */
  caseInsensitive?: boolean;
}

/** Parses an expression into a predicate; throws FilterSyntaxError when Okta would answer 400. */
export function parseFilter(expression: string, options: ParseOptions = {}): Predicate {
  const foldCase = options.caseInsensitive === true;
  const tokens = tokenize(expression);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];

  const parseOr = (): Predicate => {
    let left = parseAnd();
    while (peek()?.kind === 'word' && peek()?.text.toLowerCase() === 'or') {
      pos++;
      const l = left;
      const r = parseAnd();
      left = (read) => l(read) || r(read);
    }
    return left;
  };

  const parseAnd = (): Predicate => {
    let left = parseTerm();
    while (peek()?.kind === 'word' && peek()?.text.toLowerCase() === 'and') {
      pos++;
      const l = left;
      const r = parseTerm();
      left = (read) => l(read) && r(read);
    }
    return left;
  };

  const parseTerm = (): Predicate => {
    const t = tokens[pos++];
    if (!t) throw new FilterSyntaxError(`unexpected end of ${expression}`);
    if (t.kind === 'paren' && t.text === '(') {
      const inner = parseOr();
      const close = tokens[pos++];
      if (!close || close.kind !== 'paren' || close.text !== ')') {
        throw new FilterSyntaxError(`missing ) in ${expression}`);
      }
      return inner;
    }
    if (t.kind !== 'word') throw new FilterSyntaxError(`expected an attribute in ${expression}`);
    const attribute = t.text;
    const opToken = tokens[pos++];
    const op = opToken?.kind === 'word' ? opToken.text.toLowerCase() : '';
    if (!OPERATORS.has(op)) throw new FilterSyntaxError(`unknown operator after ${attribute}`);
    const valueToken = tokens[pos++];
    if (!valueToken || valueToken.kind === 'paren')
      throw new FilterSyntaxError(`missing value for ${attribute}`);
    const value: string | number | boolean =
      valueToken.kind === 'string' ? valueToken.text : literal(valueToken.text, expression);
    return (read) => compare(read(attribute), op, value, foldCase);
  };

  const predicate = parseOr();
  if (pos !== tokens.length) throw new FilterSyntaxError(`unexpected text in ${expression}`);
  return predicate;
}

function literal(text: string, expression: string): number | boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  throw new FilterSyntaxError(`values must be quoted in ${expression}`);
}

// In `filter`, "Jane.Roe@Corp.com" does not find jane.roe@corp.com; in `search` it does.
function compare(
  actual: string | number | boolean | undefined,
  op: string,
  expected: string | number | boolean,
  foldCase: boolean,
): boolean {
  if (actual === undefined) return op === 'ne';
  const fold = <T>(v: T): T | string => (foldCase && typeof v === 'string' ? v.toLowerCase() : v);
  const a = fold(actual);
  const e = fold(expected);
  switch (op) {
    case 'eq':
      return a === e;
    case 'ne':
      return a !== e;
    case 'sw':
      return typeof a === 'string' && typeof e === 'string' && a.startsWith(e);
    case 'gt':
      return a > e;
    case 'lt':
      return a < e;
    case 'ge':
      return a >= e;
    case 'le':
      return a <= e;
    default:
      return false;
  }
}
