/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import { VitePWA } from 'vite-plugin-pwa'
import pkg from './package.json' with { type: 'json' }

/**
 * Nothing leaves the tablet (issue 11): the built app runs only its own code and loads styles,
 * pictures, video and workers only from itself, so no foreign script, font or pixel can appear.
 * Its requests stay open: a camera or relay is plain http on an address the coach types, a CSP cannot
 * name "private networks", and `http:` also admits every https origin (CSP 3 scheme matching). A
 * policy written at start from the settings could name the one camera, but a policy can only be
 * narrowed, never widened, so a newly typed address would need a reload of the app. That our own code
 * talks only to itself and the camera is what e2e/privacy-requests.spec.ts checks.
 * Build only: Vite's dev server injects inline scripts and a websocket.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self' http: https:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ')

function contentSecurityPolicy(): Plugin {
  return {
    name: 'rondblik-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
  }
}

export default defineConfig({
  plugins: [
    vue(),
    contentSecurityPolicy(),
    VitePWA({
      // The app must never reload itself in the middle of a lesson: updates wait for the coach.
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'icons/*.png'],
      manifest: {
        name: 'Rondblik',
        short_name: 'Rondblik',
        description: 'Beeldcoaching met een 360°-camera: lesbezoek, parels en puzzels, nagesprek. Werkt zonder netwerk.',
        lang: 'nl',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'landscape',
        theme_color: '#1f4e5f',
        background_color: '#f4f1ea',
        categories: ['education', 'productivity'],
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        screenshots: [
          { src: 'screenshots/coachees-wide.png', sizes: '1180x820', type: 'image/png', form_factor: 'wide', label: 'Coachees' },
        ],
      },
      workbox: {
        // demo/*.mp4: the demo coachee's clip (≈ 400 KB), so the demo plays offline too.
        globPatterns: ['**/*.{js,css,html,svg,png,json,woff2,webmanifest}', 'demo/*.mp4'],
        navigateFallback: '/index.html',
        maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: false,
    // jsPDF reaches for these only in html() and addSvgAsImage(), which Rondblik never calls: left
    // out, they cost nothing instead of ≈ 380 kB of precached chunks.
    rolldownOptions: { external: ['html2canvas', 'dompurify', 'canvg'] },
  },
  test: {
    include: ['src/**/*.test.ts', 'emulator/**/*.test.ts', 'relay/**/*.test.ts', 'bench/**/*.test.ts', 'server/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    // On CI, also a machine-readable result for .ci/run's closing count.
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/vitest.json' }]] : ['default'],
    hookTimeout: 60_000,
  },
})
