/** Keeps the API key out of everything the client hands back: bodies, errors, logs. */

export const REDACTED = "[redacted]";

export function redactText(text: string, secret: string): string {
  return secret && text.includes(secret) ? text.split(secret).join(REDACTED) : text;
}

/** A copy of a JSON value with every occurrence of `secret` in its strings (keys included) replaced. */
export function redactJson<T>(value: T, secret: string): T {
  if (!secret) return value;
  const text = JSON.stringify(value);
  return text !== undefined && text.includes(secret) ? (JSON.parse(redactText(text, secret)) as T) : value;
}
