/**
 * `tsc -p <config>` in this process, for the consumer project's type-checks
 * (test/package-consumer.test.ts), with every passing check kept by the content it read, and
 * tsc's incremental state kept for a check of content that changed.
 *
 * A check reads TypeScript's lib files, the consumer's programs, the installed package's
 * declarations and its dependencies': about two hundred files, and three resolutions cost about
 * 9 s of CPU, most of it checking the same declarations again. tsc's verdict and what it emits are
 * a function of what it reads, so a check that passed is kept (node_modules/.cache, like
 * test/typecheck.ts's verdicts): the files it read and their sha256, the files it found missing
 * (module resolution's failed lookups: a file that appears there would change what resolves), the
 * options, the root files and TypeScript's version, and the files it emitted. A later check of the
 * same content (every one of those files the same bytes, every missing one still missing) has the
 * verdict and the emitted files at once; any changed byte, a new file where a lookup failed, or a
 * change of this file, runs tsc. A failing check is never kept. A fresh clone has no entries and
 * checks everything.
 *
 * When tsc runs, it runs as `tsc --incremental` does, from the state the last check of the same
 * config left (node_modules/.cache/…/incremental, passing or not): the files a change reaches (a
 * new build of the package reaches its own declarations and the consumer's programs, not its
 * dependencies' declarations, whose check is most of the cost) are checked anew, the others'
 * diagnostics come from the state.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type * as TypeScript from "typescript";
import { PROJECT_ROOT } from "../scripts/layout.js";

/**
 * TypeScript by require: its 9 MB CommonJS file imported as an ES module is first scanned for its
 * exports (cjs-module-lexer) and its format, about a second of CPU; require compiles it only.
 */
const ts = createRequire(import.meta.url)("typescript") as typeof TypeScript;

export const KEPT_CHECKS = join(PROJECT_ROOT, "node_modules", ".cache", "modelslab-consumer-typecheck");
/** Entries kept: the three resolutions of a few contents. */
const KEPT = 12;
/** Bumped when what an entry holds changes shape. */
const FORMAT = "kept-typecheck 1";

export interface TypeCheckOptions {
  /**
   * Declaration files (.d.ts) parsed once for every check of the process that passes the same
   * map: by file and by how it is parsed (language version and module format), which is all a
   * resolution changes in them.
   */
  declarationFiles?: Map<string, TypeScript.SourceFile | undefined>;
  /**
   * Files whose semantic diagnostics are not gathered (they are still parsed, bound and used by
   * every file that is checked), like TypeScript's own lib files under skipDefaultLibCheck.
   */
  unchecked?: RegExp;
  /** Where passing checks are kept; false keeps none. */
  keptIn?: string | false;
}

export interface TypeCheckResult {
  /** What tsc prints: its diagnostics, nothing when the check passes. */
  output: string;
  /** True when tsc ran; false when a kept check of the same content answered. */
  checked: boolean;
  /** The files (relative to the config's directory) whose semantic diagnostics this check computed: those its changes reach, every file without an incremental state. */
  rechecked: string[];
}

interface KeptCheck {
  /** Every file the check read, by path (the config's directory as `<config>`), and its sha256. */
  read: [string, string][];
  /** The files and directories resolution looked for and did not find. */
  missing: string[];
  /** The files the check emitted, by path, and their text. */
  emitted: [string, string][];
}

const sha256 = (data: string) => createHash("sha256").update(data).digest("hex");

/**
 * Paths named from the config's directory (a new temporary directory each run): those under it,
 * and the lookups in the directories above it (resolution walks up to the root looking for
 * node_modules), as `<config>/…`; others (this project's, TypeScript's lib files) as they are.
 */
function pathNames(configDir: string) {
  const prefix = `${configDir}/`;
  const fromConfig = (path: string) => {
    if (path.startsWith(prefix)) return path.slice(prefix.length);
    if (path.startsWith(`${PROJECT_ROOT}/`)) return undefined;
    const [first] = relative("/", path).split(sep);
    return first !== undefined && first !== "" && configDir.startsWith(`/${first}/`) ? relative(configDir, path) : undefined;
  };
  return {
    name: (path: string) => {
      const inConfig = fromConfig(path);
      return inConfig === undefined ? path : `<config>/${inConfig}`;
    },
    path: (name: string) => (name.startsWith("<config>/") ? join(configDir, name.slice("<config>/".length)) : name),
  };
}

/** The entry's file: named by everything the check is given (its read files are checked from the entry). */
function entryFile(keptIn: string, config: string, parsed: TypeScript.ParsedCommandLine, unchecked: RegExp | undefined): string {
  const configDir = dirname(config);
  const { name } = pathNames(configDir);
  const relativeDeep = (value: unknown): unknown =>
    typeof value === "string" ? name(value) : Array.isArray(value) ? value.map(relativeDeep) : value && typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, relativeDeep(v)])) : value;
  const hash = createHash("sha256")
    // The depth of the config's directory: the lookups above it are named by how far up they are.
    .update(`${FORMAT}\ntypescript ${ts.version}\ndepth ${configDir.split("/").length}\n`)
    .update(readFileSync(fileURLToPath(import.meta.url)))
    .update(`\n${readFileSync(config, "utf8")}\n${JSON.stringify(relativeDeep(parsed.options))}\n${JSON.stringify(parsed.fileNames.map(name))}\n${String(unchecked)}\n`);
  return join(keptIn, `${hash.digest("hex").slice(0, 40)}.json`);
}

/** The kept check in `file` when every file it read is unchanged and every missing one still missing. */
function keptCheck(file: string, configDir: string): KeptCheck | undefined {
  let kept: KeptCheck;
  try {
    kept = JSON.parse(readFileSync(file, "utf8")) as KeptCheck;
  } catch {
    return undefined;
  }
  const { path } = pathNames(configDir);
  for (const [name, hash] of kept.read) {
    const text = ts.sys.readFile(path(name));
    if (text === undefined || sha256(text) !== hash) return undefined;
  }
  if (kept.missing.some((name) => existsSync(path(name)))) return undefined;
  return kept;
}

function keep(file: string, check: KeptCheck): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const staging = `${file}.${process.pid}.tmp`;
    writeFileSync(staging, JSON.stringify(check));
    renameSync(staging, file);
    const entries = readdirSync(dirname(file))
      .filter((name) => name.endsWith(".json"))
      .map((name) => ({ name, time: statSync(join(dirname(file), name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
      .sort((a, b) => b.time - a.time);
    for (const { name } of entries.slice(KEPT)) rmSync(join(dirname(file), name), { force: true });
  } catch {
    // A read-only node_modules only costs the next check its shortcut.
  }
}

/**
 * `tsc -p <config>`: returns what tsc prints (nothing when the check passes) but for the files
 * `unchecked` names, and emits like tsc.
 */
export function typeCheckProject(config: string, options: TypeCheckOptions = {}): TypeCheckResult {
  const configDir = dirname(config);
  const format: TypeScript.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => configDir, getNewLine: () => "\n" };
  const parsed = ts.getParsedCommandLineOfConfigFile(config, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.formatDiagnostics([d], format)); } });
  if (!parsed) throw new Error(`${config}: not read`);
  const keptIn = options.keptIn ?? KEPT_CHECKS;
  const file = keptIn === false ? undefined : entryFile(keptIn, config, parsed, options.unchecked);
  const kept = file ? keptCheck(file, configDir) : undefined;
  if (kept) {
    const { path } = pathNames(configDir);
    for (const [name, text] of kept.emitted) ts.sys.writeFile(path(name), text);
    return { output: "", checked: false, rechecked: [] };
  }

  // tsc --incremental's state after the last check of this config (kept by its file name and depth, as
  // its paths are relative to the directory it sits in): a check of changed content re-checks only the
  // files the changes can reach, and takes the others' diagnostics from it, as tsc does.
  const buildInfo = join(configDir, `.${basename(config)}.tsbuildinfo`);
  const buildInfoKept =
    keptIn === false ? undefined : join(keptIn, "incremental", `${sha256(`${FORMAT}\ntypescript ${ts.version}\n${basename(config)}\ndepth ${configDir.split("/").length}`).slice(0, 40)}.tsbuildinfo`);
  if (buildInfoKept && existsSync(buildInfoKept)) copyFileSync(buildInfoKept, buildInfo);
  const compilerOptions: TypeScript.CompilerOptions = buildInfoKept ? { ...parsed.options, incremental: true, tsBuildInfoFile: buildInfo } : parsed.options;

  const read = new Map<string, string>();
  const missing = new Set<string>();
  const host = ts.createIncrementalCompilerHost(compilerOptions);
  const readFile = host.readFile.bind(host);
  host.readFile = (fileName) => {
    const text = readFile(fileName);
    if (fileName === buildInfo) return text;
    if (text === undefined) missing.add(fileName);
    else read.set(fileName, sha256(text));
    return text;
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => {
    const found = fileExists(fileName);
    if (!found && fileName !== buildInfo) missing.add(fileName);
    return found;
  };
  const directoryExists = host.directoryExists?.bind(host);
  if (directoryExists)
    host.directoryExists = (dir) => {
      const found = directoryExists(dir);
      if (!found) missing.add(dir);
      return found;
    };
  const getSourceFile = host.getSourceFile.bind(host);
  const declarationFiles = options.declarationFiles;
  host.getSourceFile = (fileName, version, ...rest) => {
    // Every source file is hashed as it was read; a declaration file parsed by an earlier check has its bytes read again.
    if (!declarationFiles || !/\.d\.[cm]?ts$/.test(fileName)) return getSourceFile(fileName, version, ...rest);
    const key = `${fileName} ${JSON.stringify(version)}`;
    if (!declarationFiles.has(key)) declarationFiles.set(key, getSourceFile(fileName, version, ...rest));
    else if (!read.has(fileName)) {
      const text = ts.sys.readFile(fileName);
      if (text !== undefined) read.set(fileName, sha256(text));
    }
    return declarationFiles.get(key);
  };
  const builder = buildInfoKept
    ? ts.createIncrementalProgram({ rootNames: parsed.fileNames, options: compilerOptions, host, configFileParsingDiagnostics: parsed.errors })
    : ts.createEmitAndSemanticDiagnosticsBuilderProgram(parsed.fileNames, compilerOptions, host, undefined, parsed.errors);
  const program = builder.getProgram();
  // What ts.getPreEmitDiagnostics(program) gathers, in its order, file by file; a file the changes
  // cannot reach has its semantic diagnostics from the incremental state.
  const diagnostics = [...builder.getConfigFileParsingDiagnostics(), ...builder.getOptionsDiagnostics()];
  for (const source of program.getSourceFiles()) diagnostics.push(...builder.getSyntacticDiagnostics(source));
  diagnostics.push(...builder.getGlobalDiagnostics());
  // The files the changes reach first (their kept diagnostics dropped, checked anew), as tsc's own
  // getSemanticDiagnostics() does, but for the unchecked files.
  const rechecked: string[] = [];
  for (let next = builder.getSemanticDiagnosticsOfNextAffectedFile(undefined, (source) => options.unchecked?.test(source.fileName) ?? false); next; next = builder.getSemanticDiagnosticsOfNextAffectedFile(undefined, (source) => options.unchecked?.test(source.fileName) ?? false))
    for (const source of "fileName" in next.affected ? [next.affected] : next.affected.getSourceFiles())
      if (!options.unchecked?.test(source.fileName)) rechecked.push(relative(configDir, source.fileName));
  for (const source of program.getSourceFiles()) if (!options.unchecked?.test(source.fileName)) diagnostics.push(...builder.getSemanticDiagnostics(source));
  if (parsed.options.declaration || parsed.options.composite) for (const source of program.getSourceFiles()) diagnostics.push(...builder.getDeclarationDiagnostics(source));
  // File by file: an emit of the whole program would type-check every file first, the unchecked
  // ones too. Each root file is emitted (into this directory, which may be new) whether or not the
  // incremental state says it was before; then the state itself (emit with no file).
  const emittedFiles = new Map<string, string>();
  const writeFile: TypeScript.WriteFileCallback = (fileName, text, bom) => {
    if (fileName !== buildInfo) emittedFiles.set(fileName, text);
    ts.sys.writeFile(fileName, text, bom);
  };
  const emitDiagnostics = program.getRootFileNames().flatMap((name) => builder.emit(program.getSourceFile(name), writeFile).diagnostics);
  emitDiagnostics.push(...builder.emit(undefined, writeFile).diagnostics);
  if (buildInfoKept && existsSync(buildInfo)) {
    try {
      mkdirSync(dirname(buildInfoKept), { recursive: true });
      copyFileSync(buildInfo, `${buildInfoKept}.${process.pid}.tmp`);
      renameSync(`${buildInfoKept}.${process.pid}.tmp`, buildInfoKept);
    } catch {
      // A read-only node_modules only costs the next check its incremental state.
    }
  }
  const emitted = [...emittedFiles];
  const output = ts.formatDiagnostics([...ts.sortAndDeduplicateDiagnostics(diagnostics), ...emitDiagnostics], format);
  if (file && output === "") {
    const { name } = pathNames(configDir);
    // A file counts as read whether it came from the host's readFile or its source-file parse.
    for (const path of [config, ...program.getSourceFiles().map((source) => source.fileName)]) {
      const text = read.has(path) ? undefined : ts.sys.readFile(path);
      if (text !== undefined) read.set(path, sha256(text));
    }
    // A path a lookup did not find that is there now (a lookup TypeScript answered from its own
    // knowledge of the file system, or a file made meanwhile) is kept as a read file when it is one.
    const stillMissing: string[] = [];
    for (const path of missing) {
      if (read.has(path)) continue;
      if (!existsSync(path)) stillMissing.push(path);
      else if (statSync(path).isFile()) read.set(path, sha256(ts.sys.readFile(path) ?? ""));
    }
    keep(file, { read: [...read].map(([path, hash]) => [name(path), hash]), missing: stillMissing.map(name), emitted: emitted.map(([path, text]) => [name(path), text]) });
  }
  return { output, checked: true, rechecked: rechecked.sort() };
}
