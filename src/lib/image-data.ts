/**
 * A local image as the API takes it: its media type from its signature, the size limit ModelsLab
 * states for uploads, and its bytes as a `data:` URI. No generated code and no `node:` module, so
 * the client loads it only when an image is given as bytes.
 */
import { InvalidRequestError } from "../core/errors.js";

import { MAX_IMAGE_BYTES, type ImageBytes } from "./image-limits.js";

export { MAX_IMAGE_BYTES, type ImageBytes };

/** The media type of PNG, JPEG, GIF and WebP bytes, from their signature; undefined for anything else. */
export function imageMediaTypeOf(bytes: Uint8Array): string | undefined {
  const starts = (...signature: number[]) => signature.every((byte, index) => bytes[index] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x47, 0x49, 0x46, 0x38)) return "image/gif";
  if (starts(0x52, 0x49, 0x46, 0x46) && [0x57, 0x45, 0x42, 0x50].every((byte, index) => bytes[8 + index] === byte)) return "image/webp";
  return undefined;
}

const BASE64_DIGITS = new TextEncoder().encode("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
const PAD = 0x3d; // "="

/**
 * Standard base64 (RFC 4648, padded). Written as ASCII bytes and decoded once: a 5 MB image in
 * about 20 ms on every runtime, where building a binary string for `btoa` took ~15 times that.
 */
export function base64Of(bytes: Uint8Array): string {
  const length = bytes.length;
  const out = new Uint8Array(Math.ceil(length / 3) * 4);
  let at = 0;
  let i = 0;
  for (; i + 2 < length; i += 3) {
    const triple = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[at++] = BASE64_DIGITS[triple >> 18]!;
    out[at++] = BASE64_DIGITS[(triple >> 12) & 63]!;
    out[at++] = BASE64_DIGITS[(triple >> 6) & 63]!;
    out[at++] = BASE64_DIGITS[triple & 63]!;
  }
  if (i < length) {
    const two = i + 1 < length;
    const rest = (bytes[i]! << 16) | (two ? bytes[i + 1]! << 8 : 0);
    out[at++] = BASE64_DIGITS[rest >> 18]!;
    out[at++] = BASE64_DIGITS[(rest >> 12) & 63]!;
    out[at++] = two ? BASE64_DIGITS[(rest >> 6) & 63]! : PAD;
    out[at++] = PAD;
  }
  return new TextDecoder().decode(out);
}

const tooLarge = (field: string, size: number) =>
  new InvalidRequestError(
    [{ field, rule: "maxBytes", message: `is ${size.toLocaleString("en")} bytes; ModelsLab takes images of at most 5 MB (${MAX_IMAGE_BYTES.toLocaleString("en")} bytes)` }],
    "Image refused",
  );

/**
 * The image's bytes, checked before anything is sent: at most MAX_IMAGE_BYTES (a Blob's size is
 * checked before it is read) and a PNG, JPEG, GIF or WebP image. Throws InvalidRequestError naming `field`.
 */
export async function checkedImage(image: ImageBytes, field = "init_image"): Promise<{ bytes: Uint8Array; mediaType: string }> {
  const size = image instanceof Uint8Array ? image.byteLength : image.size;
  if (size > MAX_IMAGE_BYTES) throw tooLarge(field, size);
  const bytes = image instanceof Uint8Array ? image : new Uint8Array(await image.arrayBuffer());
  if (bytes.byteLength > MAX_IMAGE_BYTES) throw tooLarge(field, bytes.byteLength);
  const mediaType = imageMediaTypeOf(bytes);
  if (!mediaType) throw new InvalidRequestError([{ field, rule: "format", message: "is not a PNG, JPEG, GIF or WebP image" }], "Image refused");
  return { bytes, mediaType };
}

/** `data:<type>;base64,<bytes>`: how the API takes an image inline (and how base64_to_url takes it). */
export function dataUriOf(bytes: Uint8Array, mediaType: string): string {
  return `data:${mediaType};base64,${base64Of(bytes)}`;
}
