/**
 * `npm run relay:bundle`: the relay as one file, `dist-relay/rondblik-relay.mjs`, that runs with
 * only Node 20+ installed (no npm install): `node rondblik-relay.mjs`.
 */
import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'

export const BUNDLE_NAME = 'rondblik-relay.mjs'

export async function bundleRelay(outdir: string): Promise<string> {
  const outfile = `${outdir}/${BUNDLE_NAME}`
  await build({
    entryPoints: [fileURLToPath(new URL('./cli.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    // The QR library is CommonJS and requires Node's own modules.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'warning',
  })
  return outfile
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`relay bundle: ${await bundleRelay(process.argv[2] ?? 'dist-relay')}`)
}
