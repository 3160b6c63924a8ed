/** Types of launch.mjs: `npm run contract`'s launcher (the check, built to JavaScript once per content). */

/** Where the check's modules live: every source file under these is hashed (test files excepted). */
export declare const SOURCE_DIRS: readonly string[];
/** The files a build of the check under `root` can be made of, sorted. */
export declare function sourceFiles(root?: string): string[];
/** The sha256 (32 hex digits) naming a build of these files. */
export declare function sourceKey(root?: string, files?: string[]): string;
/** The modules of a build, by output name: project-relative source files. */
export declare const ENTRIES: Readonly<Record<string, string>>;
/** The build of the sources under `root` (its directory, holding `<entry>.mjs` for each entry), built first when needed; undefined when it cannot be written. */
export declare function builtCheck(root?: string, entries?: Readonly<Record<string, string>>): Promise<string | undefined>;
/** Prism's libraries, as the Prism bundle exports them by name. */
export declare const PRISM_LIBRARIES: readonly string[];
/** The modules the Prism bundle leaves outside (prism-mock.ts defers them). */
export declare const PRISM_OUTSIDE: readonly string[];
/** The sha256 (32 hex digits) naming the Prism bundle of what is installed under `root`; undefined when npm recorded no install there. */
export declare function prismKey(root?: string): string | undefined;
/** The Prism bundle of what is installed under `root` if a run built it already (never built here); undefined otherwise. */
export declare function keptPrism(root?: string): string | undefined;
/** The Prism bundle of what is installed under `root` (a file), built first when needed; undefined when Prism is not installed or it cannot be built. */
export declare function builtPrism(root?: string): Promise<string | undefined>;
