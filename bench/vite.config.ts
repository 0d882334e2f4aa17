import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { resolve } from 'node:path'

// Benchmark pages run the app's own modules (db, camera, viewer) in real Chromium, apart from the app.
export default defineConfig({
  root: resolve(import.meta.dirname, 'pages'),
  plugins: [vue()],
  base: './',
  logLevel: 'warn',
  build: {
    outDir: resolve(import.meta.dirname, 'out'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        db: resolve(import.meta.dirname, 'pages/db.html'),
        visit: resolve(import.meta.dirname, 'pages/visit.html'),
        download: resolve(import.meta.dirname, 'pages/download.html'),
        review: resolve(import.meta.dirname, 'pages/review.html'),
        upload: resolve(import.meta.dirname, 'pages/upload.html'),
        lock: resolve(import.meta.dirname, 'pages/lock.html'),
        'at-rest': resolve(import.meta.dirname, 'pages/at-rest.html'),
        sync: resolve(import.meta.dirname, 'pages/sync.html'),
      },
    },
  },
  worker: { format: 'es' },
})
