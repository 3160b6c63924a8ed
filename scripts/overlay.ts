/**
 * Pipeline step 3: apply the project's corrections, OpenAPI Overlay 1.0 documents in
 * openapi/overlays/, to the merged document, in file-name order. The overlays are applied by
 * openapi-format (a maintained implementation of the Overlay spec, JSONPath targets included);
 * this step adds the checks a reviewable correction needs: every action gives its reason
 * (`description`) and every target still matches something in the document.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import type { OpenAPIOverlayAction } from "openapi-format";
import { PipelineError } from "./pipeline-error.js";
import { readYaml } from "./yaml-io.js";

export interface OverlayAction {
  target: string;
  description: string;
  update?: unknown;
  remove?: boolean;
}

export interface OverlayDocument {
  /** Path relative to the project root, for messages. */
  label: string;
  overlay: string;
  info: { title: string; version: string };
  actions: OverlayAction[];
}

export function parseOverlay(raw: unknown, label: string): OverlayDocument {
  const doc = raw as Partial<OverlayDocument> | null;
  if (!doc || typeof doc.overlay !== "string" || !/^1\.0\.\d+$/.test(doc.overlay))
    throw new PipelineError(`${label}: not an OpenAPI Overlay 1.0 document (overlay: ${String(doc?.overlay)})`);
  if (!doc.info || typeof doc.info.title !== "string" || typeof doc.info.version !== "string")
    throw new PipelineError(`${label}: info.title and info.version are required`);
  if (!Array.isArray(doc.actions) || doc.actions.length === 0) throw new PipelineError(`${label}: no actions`);
  doc.actions.forEach((action, index) => {
    const at = `${label}: action #${index + 1}`;
    if (typeof action?.target !== "string" || !action.target.startsWith("$")) throw new PipelineError(`${at}: target must be a JSONPath starting with $`);
    if (typeof action.description !== "string" || action.description.trim().length < 10)
      throw new PipelineError(`${at} (${action.target}): every action needs a description giving its reason`);
    if (action.update === undefined && action.remove !== true) throw new PipelineError(`${at} (${action.target}): needs update or remove: true`);
  });
  return { ...(doc as OverlayDocument), label };
}

export function readOverlays(overlaysDir: string, labelPrefix = "openapi/overlays"): OverlayDocument[] {
  return readdirSync(overlaysDir)
    .filter((name) => name.endsWith(".overlay.yaml"))
    .sort()
    .map((name) => parseOverlay(readYaml(join(overlaysDir, name), `${labelPrefix}/${name}`), `${labelPrefix}/${name}`));
}

export interface OverlayIssue {
  overlay: string;
  /** 1-based, as in error messages. */
  action: number;
  target: string;
  description: string;
}

export interface OverlayResult {
  document: Record<string, unknown>;
  /** Actions whose target matches nothing: the docs moved under the overlay. */
  unmatched: OverlayIssue[];
  /** Actions that matched but changed nothing: the docs may already say what the overlay decided. */
  withoutEffect: OverlayIssue[];
}

const SET_KEYWORDS = new Set(["enum", "type", "required"]);

/** `list` without its repeated values (deep equality), the first of each kept. */
function withoutRepeats(list: unknown[]): unknown[] {
  return list.filter((item, index) => list.findIndex((other) => isDeepStrictEqual(other, item)) === index);
}

/** Whether `list` repeats a value (strings compared at once; anything else by deep equality). */
function hasRepeats(list: unknown[]): boolean {
  if (list.every((item) => typeof item === "string")) return new Set(list).size !== list.length;
  return withoutRepeats(list).length !== list.length;
}

/**
 * Removes repeated values from `enum`, `type` and `required` lists (JSON Schema wants them
 * unique). Overlay 1.0 updates append to lists, so an action that adds a value the docs now
 * list themselves would otherwise repeat it; once deduplicated, such an action has no effect
 * and is reported as such. Returns a copy; `dedupeKeywordListsInPlace` changes the lists where
 * they stand.
 */
function dedupeKeywordLists(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dedupeKeywordLists);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, SET_KEYWORDS.has(key) && Array.isArray(child) ? withoutRepeats(child) : dedupeKeywordLists(child)]));
}

function dedupeKeywordListsInPlace(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) dedupeKeywordListsInPlace(item);
    return;
  }
  if (typeof value !== "object" || value === null) return;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const child = record[key];
    if (SET_KEYWORDS.has(key) && Array.isArray(child)) {
      if (hasRepeats(child)) record[key] = withoutRepeats(child);
    } else dedupeKeywordListsInPlace(child);
  }
}

/**
 * Applies the overlays in order to a copy of `document`, reporting actions that no longer fit.
 *
 * An action has an effect when the document after it (deduplicated) differs from the document
 * before it. The document is JSON data (read from YAML and JSON), so it is compared as JSON text,
 * and by deep equality when the two texts have the same length (keys in another order read the
 * same). After the first action the document is a tree of its own: openapi-format applies an
 * Overlay 1.0 update as a copy of the update's value and a removal as a deletion, so each later
 * action changes it in place.
 */
export async function applyOverlaysReporting(document: Record<string, unknown>, overlays: OverlayDocument[]): Promise<OverlayResult> {
  let current = structuredClone(document);
  let text = JSON.stringify(current);
  let first = true;
  const unmatched: OverlayIssue[] = [];
  const withoutEffect: OverlayIssue[] = [];
  // Loaded when overlays are applied (the contract check reads its documents kept by content and mostly never does).
  const { openapiOverlay } = await import("openapi-format");
  for (const overlay of overlays) {
    for (const [index, action] of overlay.actions.entries()) {
      const issue = { overlay: overlay.label, action: index + 1, target: action.target, description: action.description };
      const { data, resultData } = await openapiOverlay(current, {
        overlaySet: { overlay: overlay.overlay, info: overlay.info, actions: [action as OpenAPIOverlayAction] },
      });
      if (first) current = dedupeKeywordLists(data) as Record<string, unknown>;
      else {
        current = data;
        dedupeKeywordListsInPlace(current);
      }
      first = false;
      const before = text;
      text = JSON.stringify(current);
      if (Number(resultData.totalUnusedActions) > 0) unmatched.push(issue);
      else if (before === text || (before.length === text.length && isDeepStrictEqual(JSON.parse(before), current))) withoutEffect.push(issue);
    }
  }
  return { document: current, unmatched, withoutEffect };
}

export function unmatchedOverlayError(issue: OverlayIssue): PipelineError {
  return new PipelineError(`${issue.overlay}: action #${issue.action} matched nothing in the merged document (target ${issue.target})`);
}

/** Applies the overlays in order to a copy of `document`; throws on a target that matches nothing. */
export async function applyOverlays(document: Record<string, unknown>, overlays: OverlayDocument[]): Promise<Record<string, unknown>> {
  const result = await applyOverlaysReporting(document, overlays);
  const [first] = result.unmatched;
  if (first) throw unmatchedOverlayError(first);
  return result.document;
}
