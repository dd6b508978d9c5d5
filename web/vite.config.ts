// Two entry bundles built into dist/, which the Go binary embeds: the staff
// console (/console/) and the panellist app (/app/) with its service worker
// at /app/sw.js (a fixed name, so its scope is /app/). Everything else is
// content-hashed under /assets/ and cached for a year.
import { defineConfig } from "vite";

export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // The preload polyfill is not needed by the browsers we support, and
    // nothing may run as inline script under the Content-Security-Policy.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    rollupOptions: {
      input: {
        console: "console/index.html",
        app: "app/index.html",
        sw: "src/app/sw.ts",
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === "sw" ? "app/sw.js" : "assets/[name]-[hash].js"),
        chunkFileNames: "assets/[name]-[hash].js",
        assetFileNames: "assets/[name]-[hash][extname]",
      },
    },
  },
});
