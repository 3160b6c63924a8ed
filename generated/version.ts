// Machine-written by `npm run generate` from package.json. Do not edit.

/** The package's version (package.json). */
export const SDK_VERSION = "0.1.0";
