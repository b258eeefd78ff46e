// Vite's build of the officers' workspace: served by Express at /workspace/ (api/web.ts) under
// the page's strict Content-Security-Policy — so every script and stylesheet is an external file
// and nothing is inlined as a data: URI (fonts may only come from 'self').
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/workspace/',
  plugins: [vue()],
  // vue-i18n's bundler build: the Composition API only, no devtools
  define: { __VUE_I18N_FULL_INSTALL__: 'true', __VUE_I18N_LEGACY_API__: 'false', __INTLIFY_PROD_DEVTOOLS__: 'false' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 2000,
    // element-plus and vue apart from the pages: they change less often
    // ECharts and its renderer in a chunk of their own: only the round overview loads it
    rollupOptions: {
      output: {
        manualChunks: (id: string) =>
          id.includes('node_modules/element-plus') || id.includes('node_modules/@element-plus')
            ? 'element-plus'
            : id.includes('node_modules/echarts') || id.includes('node_modules/zrender')
              ? 'echarts'
              : id.includes('node_modules')
                ? 'vendor'
                : undefined,
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
