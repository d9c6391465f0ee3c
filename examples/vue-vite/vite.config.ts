import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [vue()],
  // The package loads its WebAssembly and language files by `new URL(…, import.meta.url)`,
  // which `vite build` copies; the dev server must serve them from the package as is.
  optimizeDeps: { exclude: ['@orkestra/checkout'] },
});
