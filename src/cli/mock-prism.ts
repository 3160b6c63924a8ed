/// <reference types="node" />
/**
 * The Prism mock of `--mock` (generate, wait and mcp): the merged OpenAPI document served from
 * this process by Prism's libraries (contract-tests/harness/prism-mock.ts), loaded only when a
 * command runs with --mock.
 *
 * In a checkout of the project, Prism's libraries load from the one bundle of them that
 * `npm run contract` keeps (contract-tests/launch.mjs: keptPrism names the file builtPrism writes,
 * with V8's code cache beside it) when it is there, instead of module by module: about 0.2 s less
 * CPU a start. The command only reads them; it never builds the bundle or writes its cache (that
 * is the check's, and two writers would race). Installed from npm, and in a checkout without the
 * bundle, the libraries load module by module.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { preparePrism, PrismUnavailableError, startPrism, type PrismServer } from "../../contract-tests/harness/prism-mock.js";
import { CannotRunError } from "./exit-status.js";
import { projectRootAbove } from "./package-root.js";

/**
 * The merged document `--mock` serves: dist/openapi.yaml in the package (this file's bundle is in
 * dist/src/cli/), generated/openapi.yaml in a checkout run from source (src/cli/).
 */
export const MERGED_DOCUMENT =
  [new URL("../../openapi.yaml", import.meta.url), new URL("../../generated/openapi.yaml", import.meta.url)].map((url) => fileURLToPath(url)).find((file) => existsSync(file)) ??
  fileURLToPath(new URL("../../openapi.yaml", import.meta.url));

/** The Prism bundle `npm run contract` keeps in the checkout this program belongs to, if there is one. */
async function checkoutPrismBundle(): Promise<string | undefined> {
  const root = projectRootAbove(dirname(fileURLToPath(import.meta.url)));
  if (!root) return undefined;
  const launcher = join(root, "contract-tests", "launch.mjs");
  if (!existsSync(launcher)) return undefined;
  try {
    // Kept by `npm run contract` for the checkout it is in (its own root, spelled as the check spells it).
    const { keptPrism } = (await import(pathToFileURL(launcher).href)) as { keptPrism(): string | undefined };
    return keptPrism();
  } catch {
    return undefined; // a launcher of another shape: module by module
  }
}

/** Starts the mock of the merged document; a CannotRunError (exit 1) says why it cannot. */
export async function startMockPrism(): Promise<PrismServer> {
  try {
    preparePrism(await checkoutPrismBundle());
    return await startPrism({ document: MERGED_DOCUMENT });
  } catch (error) {
    if (error instanceof PrismUnavailableError) throw new CannotRunError(`--mock: ${error.message}`);
    throw new CannotRunError(`--mock: Prism did not start: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  }
}
