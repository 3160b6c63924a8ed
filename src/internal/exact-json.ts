/**
 * JSON parsing that keeps ids exact. `JSON.parse` reads every number as a double, so an integer id
 * above 2^53 comes back as a different number (1234567890123456789 → 1234567890123456800), and a
 * client would poll, return and deduplicate on another job. Here an integer that a double cannot
 * hold exactly, given as the value of an id field (`id`, or a name ending in `_id`: `track_id`,
 * `request_id`), is read as the string of its digits, exactly as sent. Every other value is
 * what `JSON.parse` gives.
 */

/**
 * Whether a parsed value holds a number that is an integer beyond 2^53 (either sign): the only
 * kind JSON.parse can have read inexactly from an integer as written. Any integer below it is
 * exact as a double; one above it parses to a double above it. Walked without recursion, so
 * nesting of any depth costs no stack.
 */
function holdsUnsafeInteger(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const each = pending.pop();
    if (typeof each === "number") {
      if (Number.isInteger(each) && !Number.isSafeInteger(each)) return true;
    } else if (Array.isArray(each)) {
      for (const item of each) pending.push(item);
    } else if (typeof each === "object" && each !== null) {
      for (const key in each) pending.push((each as Record<string, unknown>)[key]);
    }
  }
  return false;
}

const SIXTEEN_DIGITS = /\d{16}/;

function isIdField(name: string): boolean {
  return name === "id" || name.endsWith("_id");
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Parses `text` as JSON (throwing SyntaxError as JSON.parse does), id fields holding integers beyond 2^53 as strings. */
export function parseJsonExactIds(text: string): unknown {
  // JSON.parse first: without an integer beyond 2^53 anywhere in it, its result is exact.
  const parsed: unknown = JSON.parse(text);
  // An integer beyond 2^53 is written with at least 16 digits: a text without such a run (one
  // native search) parsed exactly, with no walk over the result.
  if (!SIXTEEN_DIGITS.test(text) || !holdsUnsafeInteger(parsed)) return parsed;
  let out = "";
  let copiedTo = 0;
  /** The name of the field whose value comes next (just after its colon), if any. */
  let field: string | undefined;
  let lastString: string | undefined;
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: find its end, skipping escapes.
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c ? 2 : 1;
      lastString = text.slice(i, j + 1);
      field = undefined;
      i = j + 1;
      continue;
    }
    if (c === 0x3a) {
      // A colon: the string before it was a field name.
      try {
        field = lastString === undefined ? undefined : (JSON.parse(lastString) as string);
      } catch {
        field = undefined;
      }
      lastString = undefined;
      i += 1;
      continue;
    }
    if (c === 0x2d || isDigit(c)) {
      let j = i + 1;
      while (j < text.length && /[0-9eE.+-]/.test(text[j]!)) j += 1;
      const token = text.slice(i, j);
      if (field !== undefined && isIdField(field) && /^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token))) {
        out += `${text.slice(copiedTo, i)}"${token}"`;
        copiedTo = j;
      }
      field = undefined;
      lastString = undefined;
      i = j;
      continue;
    }
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
      field = undefined;
      lastString = undefined;
    }
    i += 1;
  }
  return JSON.parse(copiedTo === 0 ? text : out + text.slice(copiedTo));
}
