export * from "./listings";
export * from "./opening-hours";
export * from "./schemas";
export { slugify } from "./slug";
export { quoteListing } from "./quote";
