/**
 * Generates `emulator/server/generated/*.json` from the `stripe` SDK's type definitions
 * (node_modules/stripe/esm/**.d.ts), which Stripe generates from its OpenAPI spec for the API
 * version the SDK pins (`Stripe.API_VERSION`). Run: `npm run emulator:generate`.
 *
 * - `params.json`: for every parameter type a registered route names (`PaymentIntentCreateParams`),
 *   the tree of accepted parameter names. Node: 1 = a value (scalar or array of scalars),
 *   2 = a free-form hash (`metadata`), {…} = a hash with these keys, [{…}] = an array of such hashes.
 * - `objects.json`: for every registered object type (its `sdkType`), its required properties with their JSON
 *   types (and enum values), and which of its properties (dotted paths) can be expanded, into which
 *   object type.
 *
 * A new API version is `npm install stripe@<version>` and re-running this script.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { resources } from "../server/registry.js";
import "../server/resources/index.js";

/** object type → the SDK interface describing it, as each resource registers it */
const OBJECT_TYPES: Record<string, string> = Object.fromEntries(resources().map((r) => [r.object, r.sdkType]));

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const outDir = resolve(here, "../server/generated");

type ParamNode = 1 | 2 | ParamTree | [ParamTree];
interface ParamTree {
  [key: string]: ParamNode;
}

interface FieldSpec {
  types: string[];
  enum?: string[];
}

interface ObjectSpec {
  sdkType: string;
  required: Record<string, FieldSpec>;
  expandable: Record<string, string>;
}

function program(): { checker: ts.TypeChecker; types: Map<string, ts.Type> } {
  const names = new Set<string>([...Object.values(OBJECT_TYPES)]);
  for (const r of resources()) for (const route of r.routes) if (route.params) names.add(route.params);
  const entry = join(root, "emulator/scripts/.generate-entry.ts");
  const source = `import type Stripe from "stripe";\n${[...names].map((n) => `export type X_${n} = Stripe.${n};`).join("\n")}\n`;
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => (resolve(file) === entry ? source : readFile(file));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => resolve(file) === entry || fileExists(file);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, lang) => (resolve(file) === entry ? ts.createSourceFile(file, source, lang) : getSourceFile(file, lang));
  const prog = ts.createProgram([entry], options, host);
  const checker = prog.getTypeChecker();
  const sf = prog.getSourceFile(entry);
  if (!sf) throw new Error("entry not loaded");
  const types = new Map<string, ts.Type>();
  const moduleSymbol = checker.getSymbolAtLocation(sf);
  if (!moduleSymbol) throw new Error("no module symbol");
  for (const sym of checker.getExportsOfModule(moduleSymbol)) {
    const type = checker.getDeclaredTypeOfSymbol(sym);
    const name = sym.getName().slice(2);
    if (type.flags & ts.TypeFlags.Any) throw new Error(`Stripe.${name} is not in the SDK`);
    types.set(name, type);
  }
  return { checker, types };
}

function members(type: ts.Type): ts.Type[] {
  return type.isUnion() ? type.types : [type];
}

const PRIMITIVE =
  ts.TypeFlags.String |
  ts.TypeFlags.StringLiteral |
  ts.TypeFlags.Number |
  ts.TypeFlags.NumberLiteral |
  ts.TypeFlags.Boolean |
  ts.TypeFlags.BooleanLiteral |
  ts.TypeFlags.Null |
  ts.TypeFlags.Undefined |
  ts.TypeFlags.BigInt |
  ts.TypeFlags.Enum |
  ts.TypeFlags.EnumLiteral;

function isPrimitive(t: ts.Type): boolean {
  return (t.flags & PRIMITIVE) !== 0;
}

function paramNode(checker: ts.TypeChecker, type: ts.Type, stack: Set<ts.Type>): ParamNode {
  const objects = members(type).filter((t) => !isPrimitive(t));
  if (!objects.length) return 1;
  const arrays = objects.filter((t) => checker.isArrayType(t));
  if (arrays.length) {
    const element = checker.getTypeArguments(arrays[0] as ts.TypeReference)[0];
    if (!element) return 1;
    const node = paramNode(checker, element, stack);
    return typeof node === "object" && !Array.isArray(node) ? [node] : 1;
  }
  const tree: ParamTree = {};
  let freeForm = false;
  for (const t of objects) {
    if (checker.getIndexInfosOfType(t).length) freeForm = true;
    if (stack.has(t)) continue;
    stack.add(t);
    for (const prop of checker.getPropertiesOfType(t)) {
      const propType = checker.getTypeOfSymbol(prop);
      tree[prop.getName()] = paramNode(checker, propType, stack);
    }
    stack.delete(t);
  }
  if (freeForm && !Object.keys(tree).length) return 2;
  return tree;
}

function jsonTypes(checker: ts.TypeChecker, type: ts.Type): FieldSpec {
  const out = new Set<string>();
  const literals: string[] = [];
  let openString = false;
  for (const t of members(type)) {
    if (t.flags & ts.TypeFlags.Null) out.add("null");
    else if (t.flags & ts.TypeFlags.Undefined) continue;
    else if (t.flags & ts.TypeFlags.StringLiteral) {
      out.add("string");
      literals.push((t as ts.StringLiteralType).value);
    } else if (t.flags & ts.TypeFlags.String) {
      out.add("string");
      openString = true;
    } else if (t.flags & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) out.add("number");
    else if (t.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) out.add("boolean");
    else if (checker.isArrayType(t)) out.add("array");
    else out.add("object");
  }
  const spec: FieldSpec = { types: [...out].sort() };
  if (literals.length && !openString) spec.enum = [...new Set(literals)].sort();
  return spec;
}

/** The `object` literal of an API resource type (`'customer'`), or undefined for nested shapes. */
function objectLiteral(checker: ts.TypeChecker, type: ts.Type): string | undefined {
  const prop = type.getProperty("object");
  if (!prop) return undefined;
  const t = checker.getTypeOfSymbol(prop);
  return t.flags & ts.TypeFlags.StringLiteral ? (t as ts.StringLiteralType).value : undefined;
}

/**
 * Expandable properties: a property typed `string | Resource` (the id, or the object once expanded),
 * found at any depth of nested (non-resource) shapes.
 */
function expandables(checker: ts.TypeChecker, type: ts.Type, prefix: string, out: Record<string, string>, depth: number): void {
  if (depth > 4) return;
  for (const prop of checker.getPropertiesOfType(type)) {
    const propType = checker.getTypeOfSymbol(prop);
    const parts = members(propType);
    const hasString = parts.some((t) => t.flags & ts.TypeFlags.String);
    const targets = parts.map((t) => objectLiteral(checker, t)).filter((x): x is string => x !== undefined);
    const path = prefix + prop.getName();
    if (hasString && targets.length) {
      out[path] = targets[0] ?? "";
      continue;
    }
    const shapes = parts.filter((t) => !isPrimitive(t));
    if (shapes.length > 1) continue; // a union of shapes (an event's data): nothing expandable inside
    for (const t of shapes) {
      if (checker.isArrayType(t) || objectLiteral(checker, t)) continue;
      if (checker.getIndexInfosOfType(t).length) continue;
      expandables(checker, t, `${path}.`, out, depth + 1);
    }
  }
}

function objectSpec(checker: ts.TypeChecker, sdkType: string, type: ts.Type): ObjectSpec {
  const required: Record<string, FieldSpec> = {};
  for (const prop of checker.getPropertiesOfType(type)) {
    if (prop.flags & ts.SymbolFlags.Optional) continue;
    required[prop.getName()] = jsonTypes(checker, checker.getTypeOfSymbol(prop));
  }
  const expandable: Record<string, string> = {};
  expandables(checker, type, "", expandable, 0);
  return { sdkType, required, expandable };
}

function main(): void {
  const { checker, types } = program();
  const params: Record<string, ParamTree> = {};
  for (const [name, type] of [...types].sort(([a], [b]) => a.localeCompare(b))) {
    if (!name.endsWith("Params")) continue;
    const node = paramNode(checker, type, new Set());
    params[name] = typeof node === "object" && !Array.isArray(node) ? node : {};
  }
  const objects: Record<string, ObjectSpec> = {};
  for (const [object, sdkType] of Object.entries(OBJECT_TYPES)) {
    const type = types.get(sdkType);
    if (!type) throw new Error(`no type ${sdkType}`);
    objects[object] = objectSpec(checker, sdkType, type);
  }
  const pkg = JSON.parse(readFileSync(join(root, "node_modules/stripe/package.json"), "utf8")) as { version: string };
  const apiVersion = /ApiVersion = '([^']+)'/.exec(readFileSync(join(root, "node_modules/stripe/esm/apiVersion.js"), "utf8"))?.[1];
  if (!apiVersion) throw new Error("cannot read the SDK's API version");
  const source = `generated by emulator/scripts/generate.ts from stripe@${pkg.version} (.d.ts), API version ${apiVersion}`;
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "params.json"), `${JSON.stringify({ _source: source, apiVersion, params })}\n`);
  writeFileSync(join(outDir, "objects.json"), `${JSON.stringify({ _source: source, apiVersion, objects }, null, 1)}\n`);
  console.log(`${Object.keys(params).length} parameter types, ${Object.keys(objects).length} object types → ${outDir}`);
}

main();
