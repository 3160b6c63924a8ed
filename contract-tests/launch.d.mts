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
