/**
 * json-schema-faker's strings of a regular expression (its `random.randexp`: string formats such as
 * `uri`, `pattern` keywords, the names it makes up for properties), drawn as it draws them, from a
 * parse kept per expression.
 *
 * json-schema-faker hands every such string to randexp, which parses the expression anew on each
 * call and rebuilds the range list of every character class each time it draws one character from
 * it: in Prism's dynamic answers that is most of the cost of an answer (a `uri` is some thirty
 * class draws). Here an expression is parsed once into the same tokens (randexp's reading, `ret`'s
 * grammar), each class is expanded once into its sorted characters, and a string is drawn with the
 * same random draws in the same order: the same seed gives the same answer, character for
 * character (test/dynamic-mock-answers.test.ts compares the two over thousands of draws).
 * An expression this reading does not cover (back references, `\u`/`\x`/octal/control escapes, a
 * syntax error) is left to json-schema-faker's own randexp.
 */

type Token =
  | { kind: "group"; lookahead: boolean; options: Token[][] }
  | { kind: "position" }
  | { kind: "set"; codes: readonly number[] }
  | { kind: "repeat"; min: number; max: number; value: Token }
  | { kind: "char"; text: string };

/** The characters randexp draws from (its default range: printable ASCII). */
const LOW = 32;
const HIGH = 126;

/** A class member before expansion: a code range (one character: from = to), or a nested class (`\\w`, `\\D`, … inside `[...]`). */
type Member = { from: number; to: number } | { nested: Member[]; not: boolean };

const ints = (): Member[] => [{ from: 48, to: 57 }];
const words = (): Member[] => [{ from: 95, to: 95 }, { from: 97, to: 122 }, { from: 65, to: 90 }, ...ints()];
const whitespace = (): Member[] => [9, 10, 11, 12, 13, 32, 160, 5760, [8192, 8202], 8232, 8233, 8239, 8287, 12288, 65279].map((c) => (Array.isArray(c) ? { from: c[0]!, to: c[1]! } : { from: c, to: c }));
const notAnyChar = (): Member[] => [10, 13, 8232, 8233].map((c) => ({ from: c, to: c }));

/** The class shorthands (`\\w`, `\\d`, `\\s` and their negations), as members and negation. */
const SHORTHANDS: Record<string, { members: () => Member[]; not: boolean }> = {
  w: { members: words, not: false },
  W: { members: words, not: true },
  d: { members: ints, not: false },
  D: { members: ints, not: true },
  s: { members: whitespace, not: false },
  S: { members: whitespace, not: true },
};

/**
 * A list of code ranges kept as randexp's range list (drange) keeps it: not sorted, in the order
 * the ranges were added, merged where they touch. A drawn index counts through the ranges in that
 * order, so the order decides which character an index is.
 */
type Ranges = [low: number, high: number][];

function addRange(ranges: Ranges, range: [number, number]): Ranges {
  let [low, high] = range;
  let i = 0;
  const touches = (other: [number, number]) => !(high + 1 < other[0] || low - 1 > other[1]);
  while (i < ranges.length && !touches(ranges[i]!)) i++;
  const merged = ranges.slice(0, i);
  while (i < ranges.length && touches(ranges[i]!)) {
    low = Math.min(low, ranges[i]![0]);
    high = Math.max(high, ranges[i]![1]);
    i++;
  }
  return [...merged, [low, high], ...ranges.slice(i)];
}

function subtractRange(ranges: Ranges, [low, high]: [number, number]): Ranges {
  let i = 0;
  const overlaps = (other: [number, number]) => !(high < other[0] || low > other[1]);
  while (i < ranges.length && !overlaps(ranges[i]!)) i++;
  const kept = ranges.slice(0, i);
  while (i < ranges.length && overlaps(ranges[i]!)) {
    const [from, to] = ranges[i]!;
    if (low > from) kept.push([from, low - 1]);
    if (high < to) kept.push([high + 1, to]);
    i++;
  }
  return [...kept, ...ranges.slice(i)];
}

/** The default range (printable ASCII) cut to the ranges of `other`, in their order. */
function intersectDefault(other: Ranges): Ranges {
  const pieces: Ranges = [];
  for (const [low, high] of other) if (!(high < LOW || low > HIGH)) pieces.push([Math.max(LOW, low), Math.min(HIGH, high)]);
  return pieces;
}

/** A class's ranges as randexp expands it: its members added in turn, then the default range cut to them (or, negated, without them). */
function expandRanges(members: Member[], not: boolean): Ranges {
  let ranges: Ranges = [];
  for (const member of members) {
    if ("nested" in member) for (const range of expandRanges(member.nested, member.not)) ranges = addRange(ranges, range);
    else {
      if (member.from > member.to) throw new NotCovered("a range out of order");
      ranges = addRange(ranges, [member.from, member.to]);
    }
  }
  if (!not) return intersectDefault(ranges);
  let rest: Ranges = [[LOW, HIGH]];
  for (const range of ranges) rest = subtractRange(rest, range);
  return rest;
}

/** A class's characters in the order randexp indexes them. */
function expand(members: Member[], not: boolean): number[] {
  const codes: number[] = [];
  for (const [low, high] of expandRanges(members, not)) for (let code = low; code <= high; code++) codes.push(code);
  return codes;
}

/** An expression randexp reads differently from how it reads the rest (left to randexp itself). */
class NotCovered extends Error {}

/** One character class after its `[` (and `^`): its members and the length it took, closing `]` included. */
function readClass(text: string): { members: Member[]; length: number } {
  const members: Member[] = [];
  // ret's class grammar, alternative by alternative: a shorthand, a range, the closing bracket, one (escaped) character.
  const part = /\\(?:([wdsWDS]))|((?:\\(.)|([^\]\\]))-\\?([^\]]))|(\])|\\?([^])/gy;
  let match: RegExpExecArray | null;
  while ((match = part.exec(text)) !== null) {
    if (match[1]) {
      const shorthand = SHORTHANDS[match[1]]!;
      members.push({ nested: shorthand.members(), not: shorthand.not });
    } else if (match[2]) {
      members.push({ from: (match[3] ?? match[4])!.charCodeAt(0), to: match[5]!.charCodeAt(0) });
    } else if (match[6]) {
      return { members, length: part.lastIndex };
    } else {
      const code = match[7]!.charCodeAt(0);
      members.push({ from: code, to: code });
    }
  }
  throw new NotCovered("unterminated character class");
}

/** The tokens randexp generates from for `source` (ret's parse), each class expanded. */
function parse(source: string): Token {
  // ret first rewrites \u, \x, octal, control and \0\t\n\v\f\r escapes into characters; such expressions are left to randexp.
  if (/\\(?:u[A-F0-9]{4}|x[A-F0-9]{2}|0?[0-7]{2}|c[@A-Z[\\\]^?]|[0tnvfr])|\[\\b\]/.test(source)) throw new NotCovered("escapes ret rewrites");
  const root: Token & { kind: "group" } = { kind: "group", lookahead: false, options: [[]] };
  const open: (Token & { kind: "group" })[] = [];
  let group = root;
  let last = root.options[0]!;
  const repeat = (min: number, max: number) => {
    const value = last.pop();
    if (!value) throw new NotCovered("nothing to repeat");
    last.push({ kind: "repeat", min, max, value });
  };
  const charToken = (c: string): Token => ({ kind: "char", text: c });
  for (let i = 0; i < source.length; ) {
    const c = source[i++]!;
    switch (c) {
      case "\\": {
        const escaped = source[i++];
        if (escaped === undefined) throw new NotCovered("trailing backslash");
        if (escaped === "b" || escaped === "B") last.push({ kind: "position" });
        else if (SHORTHANDS[escaped]) last.push({ kind: "set", codes: expand(SHORTHANDS[escaped].members(), SHORTHANDS[escaped].not) });
        else if (/\d/.test(escaped)) throw new NotCovered("back reference");
        else last.push(charToken(escaped));
        break;
      }
      case "^":
      case "$":
        last.push({ kind: "position" });
        break;
      case "[": {
        const not = source[i] === "^";
        if (not) i++;
        const { members, length } = readClass(source.slice(i));
        i += length;
        last.push({ kind: "set", codes: expand(members, not) });
        break;
      }
      case ".":
        last.push({ kind: "set", codes: expand(notAnyChar(), true) });
        break;
      case "(": {
        let lookahead = false;
        if (source[i] === "?") {
          const kind = source[i + 1];
          i += 2;
          if (kind === "=" || kind === "!") lookahead = true;
          else if (kind !== ":") throw new NotCovered("invalid group");
        }
        const inner: Token & { kind: "group" } = { kind: "group", lookahead, options: [[]] };
        last.push(inner);
        open.push(group);
        group = inner;
        last = inner.options[0]!;
        break;
      }
      case ")": {
        const outer = open.pop();
        if (!outer) throw new NotCovered("unmatched )");
        group = outer;
        last = group.options[group.options.length - 1]!;
        break;
      }
      case "|":
        last = [];
        group.options.push(last);
        break;
      case "{": {
        const bounds = /^(\d+)(,(\d+)?)?\}/.exec(source.slice(i));
        if (!bounds) {
          last.push(charToken("{"));
          break;
        }
        const min = Number.parseInt(bounds[1]!, 10);
        i += bounds[0].length;
        repeat(min, bounds[2] ? (bounds[3] ? Number.parseInt(bounds[3], 10) : Infinity) : min);
        break;
      }
      case "?":
        repeat(0, 1);
        break;
      case "+":
        repeat(1, Infinity);
        break;
      case "*":
        repeat(0, Infinity);
        break;
      default:
        last.push(charToken(c));
    }
  }
  if (open.length > 0) throw new NotCovered("unterminated group");
  return root;
}

/** The random draws randexp makes: an integer from `low` to `high`, both included. */
type Draw = (low: number, high: number) => number;

function generate(token: Token, draw: Draw, unbounded: number): string {
  switch (token.kind) {
    case "group": {
      if (token.lookahead) return "";
      const stack = token.options.length > 1 ? token.options[draw(0, token.options.length - 1)]! : token.options[0]!;
      let text = "";
      for (const part of stack) text += generate(part, draw, unbounded);
      return text;
    }
    case "position":
      return "";
    case "set":
      return token.codes.length === 0 ? "" : String.fromCharCode(token.codes[draw(0, token.codes.length - 1)]!);
    case "repeat": {
      const times = draw(token.min, token.max === Infinity ? token.min + unbounded : token.max);
      let text = "";
      for (let n = 0; n < times; n++) text += generate(token.value, draw, unbounded);
      return text;
    }
    case "char":
      return token.text;
  }
}

/** json-schema-faker's module surface used here: its options and its `random` helpers. */
export interface JsonSchemaFakerRandom {
  option(name: string): unknown;
  random: { randexp(value: unknown): string };
}

const parsed = new Map<string, Token | undefined>();

/** The tokens of `source`, parsed once; undefined when randexp is to read it itself. */
function tokensOf(source: string): Token | undefined {
  if (!parsed.has(source)) {
    let tokens: Token | undefined;
    try {
      tokens = parse(source);
    } catch (error) {
      if (!(error instanceof NotCovered)) throw error;
    }
    parsed.set(source, tokens);
  }
  return parsed.get(source);
}

const installed = new WeakSet<object>();

/**
 * Puts the kept-parse draw in place of json-schema-faker's `random.randexp` (once per instance):
 * the same strings from the same random numbers (its `random` option), randexp's own for what the
 * parse does not cover. Returns the randexp it replaced.
 */
export function drawPatternStringsOnce(jsf: JsonSchemaFakerRandom): (value: unknown) => string {
  const random = jsf.random as JsonSchemaFakerRandom["random"] & { randexpOfRandexp?: (value: unknown) => string };
  const own = random.randexpOfRandexp ?? random.randexp;
  if (installed.has(random)) return own;
  installed.add(random);
  random.randexpOfRandexp = own;
  random.randexp = (value: unknown) => {
    const tokens = typeof value === "string" ? tokensOf(value) : undefined;
    if (!tokens) return own(value);
    const next = jsf.option("random") as () => number;
    const draw: Draw = (low, high) => low + Math.floor(next() * (1 + (high - low)));
    return generate(tokens, draw, jsf.option("defaultRandExpMax") as number);
  };
  return own;
}
