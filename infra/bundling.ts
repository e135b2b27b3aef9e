/**
 * How every handler is bundled: one ESM file per function (esbuild, locally, no Docker), minified, for Node 22,
 * preferring packages' ESM builds, with external source maps (`NODE_OPTIONS=--enable-source-maps` reads them). The
 * AWS SDK is bundled rather than taken from the runtime, so a function runs the SDK versions it was tested with
 * (the durable execution APIs are recent). Folders a handler reads at run time (policies, blueprints) are copied
 * next to the bundle.
 */
import { type BundlingOptions, LogLevel, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';

/** Where a bundled folder lands inside the function (the Lambda task root). */
export const TASK_ROOT = '/var/task';

/**
 * ESM bundles of CommonJS dependencies call `require` for Node built-ins; Node's ESM has none. esbuild names its own
 * helpers `__require`, so a module-scoped `require` from createRequire does not clash.
 */
export const REQUIRE_SHIM =
  "import { createRequire as __holdfastCreateRequire } from 'node:module';" +
  'const require = __holdfastCreateRequire(import.meta.url);';

/** `name` → absolute source folder, copied to `<bundle>/<name>/` when it exists. */
export type BundledFolders = Readonly<Record<string, string>>;

export function bundlingOptions(folders: BundledFolders): BundlingOptions {
  return {
    format: OutputFormat.ESM,
    target: 'node22',
    minify: true,
    sourceMap: true,
    sourceMapMode: SourceMapMode.DEFAULT,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    banner: REQUIRE_SHIM,
    bundleAwsSDK: true,
    externalModules: [],
    logLevel: LogLevel.ERROR,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_inputDir: string, outputDir: string) => copyFolders(folders, outputDir),
    },
  };
}

function copyFolders(folders: BundledFolders, outputDir: string): string[] {
  return Object.entries(folders).map(
    ([name, source]) =>
      `if [ -d "${source}" ]; then mkdir -p "${outputDir}/${name}" && cp -R "${source}/." "${outputDir}/${name}/"; fi`,
  );
}
