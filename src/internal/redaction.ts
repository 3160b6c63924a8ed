/** Keeps the API key out of everything the client hands back: bodies, errors, logs. */

export const REDACTED = "[redacted]";

export function redactText(text: string, secret: string): string {
  return secret && text.includes(secret) ? text.split(secret).join(REDACTED) : text;
}
