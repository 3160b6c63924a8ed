/**
 * Sync step: the release a docs change calls for. When sync changes the generated client, the
 * package's version moves as semver says for what the change does to a consumer of the types
 * and the client (breaking → major, otherwise minor; below 1.0.0, where a caret range accepts
 * only the same minor, breaking → minor, otherwise patch), and CHANGELOG.md gets an entry
 * listing each change with its reason.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PipelineError } from "../scripts/pipeline-error.js";
import type { SpecChange } from "./spec-diff.js";

export type Bump = "major" | "minor" | "patch";

export function bumpFor(version: string, breaking: boolean): Bump {
  const major = Number(version.split(".")[0]);
  if (major === 0) return breaking ? "minor" : "patch";
  return breaking ? "major" : "minor";
}

export function bumped(version: string, bump: Bump): string {
  const match = version.match(/^(\d+)\.(\d+)\.(\d+)$/);
  if (!match) throw new PipelineError(`package.json: version ${version} is not MAJOR.MINOR.PATCH; cannot bump it`);
  const [major, minor, patch] = match.slice(1).map(Number) as [number, number, number];
  if (bump === "major") return `${major + 1}.0.0`;
  if (bump === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

const CHANGELOG_HEADER = `# Changelog

Releases of modelslab-video. Entries marked "docs sync" are written by \`npm run sync\` when
ModelsLab's documentation changed the generated client; the version follows semver for what the
change does to code that uses the client and its types.
`;

export interface Release {
  before: string;
  version: string;
  bump: Bump;
  entry: string;
}

/** The release for a set of changes; `source` says where the new docs came from; `date` is YYYY-MM-DD. */
export function releaseFor(before: string, changes: SpecChange[], source: string, date: string): Release {
  const breaking = changes.some((change) => change.breaking);
  const bump = bumpFor(before, breaking);
  const version = bumped(before, bump);
  const line = (c: SpecChange) => {
    const field = c.field ? ` \`${c.field}\`` : "";
    const values = c.before !== undefined || c.after !== undefined ? ` (${JSON.stringify(c.before ?? null)} → ${JSON.stringify(c.after ?? null)})` : "";
    return `- ${c.operation}, ${c.location}${field}: ${c.kind}${values}: ${c.reason}`;
  };
  const section = (title: string, list: SpecChange[]) => (list.length > 0 ? [`### ${title}`, "", ...list.map(line), ""] : []);
  const entry = [
    `## ${version} (${date}, docs sync)`,
    "",
    `ModelsLab's documentation changed (${source}); the generated client and types follow it. ${breaking ? "**Breaking**: code that compiled against " + before + " may not compile or may send requests the API now rejects." : "Nothing that worked with " + before + " breaks."}`,
    "",
    ...section("Breaking changes", changes.filter((c) => c.breaking)),
    ...section("Other changes", changes.filter((c) => !c.breaking)),
    ...(changes.length === 0 ? ["Documentation text only: no field, type or limit changed.", ""] : []),
  ].join("\n");
  return { before, version, bump, entry };
}

/** CHANGELOG.md with `entry` on top of the earlier releases. */
export function changelogWith(existing: string | undefined, entry: string): string {
  const body = existing?.startsWith(CHANGELOG_HEADER) ? existing.slice(CHANGELOG_HEADER.length) : existing ? `\n${existing}` : "";
  return `${CHANGELOG_HEADER}\n${entry}${body.startsWith("\n") ? body : body ? `\n${body}` : ""}`;
}

/** The files of a project root a release rewrites: package.json's version (and package-lock.json's) and CHANGELOG.md. */
export function releaseFiles(root: string, release: Release): Map<string, string> {
  const files = new Map<string, string>();
  const packageFile = join(root, "package.json");
  const setVersion = (text: string, label: string, count: number) => {
    let done = 0;
    const out = text.replace(/("version": ")([^"]+)(")/g, (all, open: string, value: string, close: string) => {
      if (done >= count || value !== release.before) return all;
      done += 1;
      return `${open}${release.version}${close}`;
    });
    if (done === 0) throw new PipelineError(`${label}: no "version": "${release.before}" to bump`);
    return out;
  };
  files.set("package.json", setVersion(readFileSync(packageFile, "utf8"), "package.json", 1));
  const lockFile = join(root, "package-lock.json");
  // The lockfile repeats the root package's version twice: at the top and under packages[""].
  if (existsSync(lockFile)) files.set("package-lock.json", setVersion(readFileSync(lockFile, "utf8"), "package-lock.json", 2));
  const changelogFile = join(root, "CHANGELOG.md");
  files.set("CHANGELOG.md", changelogWith(existsSync(changelogFile) ? readFileSync(changelogFile, "utf8") : undefined, release.entry));
  return files;
}

export function packageVersion(root: string): string {
  const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version?: unknown }).version;
  if (typeof version !== "string") throw new PipelineError("package.json has no version");
  return version;
}
