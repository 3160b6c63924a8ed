/**
 * contract-tests/baseline.yaml: the findings the project has acknowledged, by id, each with a
 * reason and, where the project decided something, the overlay action that resolves it
 * (`openapi/overlays/<file>#<action number, from 1>`). A finding missing from the baseline is
 * new; a baseline entry no finding matches any more is stale. Both fail the run.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseYaml } from "../scripts/yaml-io.js";
import type { Finding } from "./rules/finding.js";

export interface BaselineEntry {
  id: string;
  reason: string;
  /** e.g. openapi/overlays/model-ids.overlay.yaml#1 (one, or a list when one cause took several). */
  resolvedBy?: string[];
  /** Informational, to help a reviewer: the finding's rule, endpoint and field when it was acknowledged. */
  rule?: string;
  field?: string;
}

export interface BaselineComparison {
  /** Findings with a baseline entry, paired with it. */
  acknowledged: { finding: Finding; entry: BaselineEntry }[];
  unacknowledged: Finding[];
  stale: BaselineEntry[];
}

export function readBaseline(file: string): BaselineEntry[] {
  if (!existsSync(file)) return [];
  const raw = parseYaml(readFileSync(file, "utf8"), file) as { findings?: unknown } | null;
  const entries = raw?.findings ?? [];
  if (!Array.isArray(entries)) throw new Error(`${file}: \`findings\` must be a list`);
  const seen = new Set<string>();
  return entries.map((entry: Record<string, unknown>, index) => {
    const at = `${file}: findings[${index}]`;
    if (typeof entry?.id !== "string" || entry.id === "") throw new Error(`${at}: id is required`);
    if (seen.has(entry.id)) throw new Error(`${at}: ${entry.id} is listed twice`);
    seen.add(entry.id);
    if (typeof entry.reason !== "string" || entry.reason.trim() === "") throw new Error(`${at} (${entry.id}): every entry needs a reason`);
    const resolvedBy = entry.resolvedBy === undefined ? undefined : Array.isArray(entry.resolvedBy) ? entry.resolvedBy : [entry.resolvedBy];
    if (resolvedBy !== undefined && (resolvedBy.length === 0 || !resolvedBy.every((r) => typeof r === "string" && /^openapi\/overlays\/[\w.-]+\.overlay\.yaml#\d+$/.test(r))))
      throw new Error(`${at} (${entry.id}): resolvedBy must look like openapi/overlays/<name>.overlay.yaml#<action number> (or be a list of those)`);
    return {
      id: entry.id,
      reason: entry.reason.trim(),
      ...(resolvedBy ? { resolvedBy: resolvedBy as string[] } : {}),
      ...(typeof entry.rule === "string" ? { rule: entry.rule } : {}),
      ...(typeof entry.field === "string" ? { field: entry.field } : {}),
    };
  });
}

/** resolvedBy references whose overlay file or action does not exist under `root`. */
export function brokenOverlayReferences(entries: BaselineEntry[], root: string): string[] {
  const broken: string[] = [];
  // Each overlay file read once, however many entries name its actions: its number of actions, or undefined when there is no such file.
  const actionCounts = new Map<string, number | undefined>();
  const actionCount = (file: string): number | undefined => {
    if (!actionCounts.has(file)) {
      const path = join(root, file);
      actionCounts.set(file, existsSync(path) ? ((parseYaml(readFileSync(path, "utf8"), file) as { actions?: unknown[] } | null)?.actions ?? []).length : undefined);
    }
    return actionCounts.get(file);
  };
  for (const entry of entries) {
    for (const reference of entry.resolvedBy ?? []) {
      const [file, number] = reference.split("#") as [string, string];
      const count = actionCount(file);
      if (count === undefined || Number(number) < 1 || Number(number) > count) broken.push(`${entry.id}: ${reference}`);
    }
  }
  return broken;
}

export function compareWithBaseline(findings: Finding[], entries: BaselineEntry[]): BaselineComparison {
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  const found = new Set(findings.map((finding) => finding.id));
  return {
    acknowledged: findings.filter((f) => byId.has(f.id)).map((finding) => ({ finding, entry: byId.get(finding.id)! })),
    unacknowledged: findings.filter((f) => !byId.has(f.id)),
    stale: entries.filter((entry) => !found.has(entry.id)),
  };
}
