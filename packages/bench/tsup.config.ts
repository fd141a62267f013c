import { defineConfig } from "tsup";

export default defineConfig({
  // huge-child runs in a process of its own.
  entry: { main: "src/main.ts", "huge-child": "src/huge-child.ts" },
  format: ["esm"],
  clean: true,
  target: "es2022",
  platform: "node",
});
