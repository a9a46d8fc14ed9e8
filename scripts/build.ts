/** `npm run build`: the production build (scripts/lib/build.ts). */
import { buildProduction } from "./lib/build";

await buildProduction();
