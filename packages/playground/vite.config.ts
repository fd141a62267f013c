import { resolve } from "node:path";
import { defineConfig } from "vite";

// Two pages: the playground, and engines.html, which runs the TS and WASM engines on one snapshot on the main
// thread and in a worker and reports whether they agree (what the browser test in CI loads).
export default defineConfig({
  base: "./",
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    rollupOptions: { input: { index: resolve(import.meta.dirname, "index.html"), engines: resolve(import.meta.dirname, "engines.html") } },
  },
  worker: { format: "es" },
  server: { fs: { allow: ["../.."] } },
});
