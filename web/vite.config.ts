import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The dashboard is served by `tokenledger serve` from web/dist; in development `vite` proxies
// the API to a running server so cookies stay same-origin.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false },
  server: {
    proxy: {
      "/api": process.env.TOKENLEDGER_DEV_API ?? "http://127.0.0.1:7340",
      "/healthz": process.env.TOKENLEDGER_DEV_API ?? "http://127.0.0.1:7340",
    },
  },
});
