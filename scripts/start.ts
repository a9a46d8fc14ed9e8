/**
 * `npm start`: the same stack on a production build (`next build` first when .next has
 * no build), served by `next start`.
 */
import { runStack } from "./lib/stack";

await runStack("start", { fresh: process.argv.includes("--fresh") });
