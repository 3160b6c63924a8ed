/** What a local image may be: its bytes, at most MAX_IMAGE_BYTES. Tiny, so the client carries it always. */

/** An image given as its bytes, rather than as a URL. */
export type ImageBytes = Uint8Array | Blob;

/**
 * The largest image the client sends: base64_to_url "supports max 5MB uploads"
 * (docs-repo/general-api/base64-to-url.mdx line 8), read as 5,000,000 bytes so that no reading
 * of "MB" lets a refused image through. The same limit applies to images sent inline.
 */
export const MAX_IMAGE_BYTES = 5_000_000;

export function isImageBytes(value: unknown): value is ImageBytes {
  return value instanceof Uint8Array || (typeof Blob !== "undefined" && value instanceof Blob);
}
