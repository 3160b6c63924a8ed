/// <reference types="node" />
/** Where this program's package.json is: in a checkout, the project root; installed, the package's directory. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "modelslab-video";

/** The nearest directory above `start` holding this project's package.json. */
export function projectRootAbove(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === PACKAGE_NAME) return dir;
      } catch {
        // not JSON: keep looking
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** The version in this program's package.json. */
export function packageVersion(start = dirname(fileURLToPath(import.meta.url))): string {
  const root = projectRootAbove(start);
  const version = root && (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version?: unknown }).version;
  if (typeof version !== "string") throw new Error(`no package.json named ${PACKAGE_NAME} with a version above ${start}`);
  return version;
}
