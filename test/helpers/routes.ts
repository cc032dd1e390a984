/**
 * The routes an Express app registered, read from its router, and the operations an OpenAPI
 * document describes, in one shape (`get /api/v1/extracts/{id}`) so the two can be compared.
 */
import type express from "express";

export interface RouteEntry {
  /** `get /api/v1/extracts/{id}`: the method, then the path in OpenAPI's notation. */
  readonly operation: string;
  /** The names of the route's middleware and handlers, in order. */
  readonly handlers: readonly string[];
}

interface Layer {
  readonly name: string;
  readonly slash?: boolean;
  readonly route?: {
    readonly path: unknown;
    readonly methods: Record<string, boolean>;
    readonly stack: readonly Layer[];
  };
  readonly handle: { readonly stack?: readonly Layer[] };
}

const toOpenApi = (path: string): string => path.replace(/:(\w+)/g, "{$1}");

/**
 * Every route of `app`, nested routers included. Routers must be mounted at the root (as
 * `createApp` does): a router under a prefix fails here rather than being read wrong.
 */
export function routesOf(app: express.Express): RouteEntry[] {
  const root = (app as unknown as { router: { stack: readonly Layer[] } }).router;
  const out: RouteEntry[] = [];
  const walk = (stack: readonly Layer[]): void => {
    for (const layer of stack) {
      if (layer.route) {
        const { path, methods, stack: handlers } = layer.route;
        if (typeof path !== "string") throw new Error(`A route path that is not a string: ${String(path)}`);
        for (const [method, on] of Object.entries(methods)) {
          if (on)
            out.push({ operation: `${method} ${toOpenApi(path)}`, handlers: handlers.map((h) => h.name) });
        }
      } else if (layer.handle.stack) {
        if (layer.slash !== true) throw new Error(`A router mounted under a prefix (${layer.name}).`);
        walk(layer.handle.stack);
      }
    }
  };
  walk(root.stack);
  return out;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Every operation of an OpenAPI document, as `get /path/{param}`. */
export function operationsOf(doc: { readonly paths: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((k) => METHODS.includes(k))
      .map((method) => `${method} ${path}`),
  );
}

/** What one side has and the other lacks. */
export function compareOperations(
  routes: readonly string[],
  documented: readonly string[],
): { undocumented: string[]; unrouted: string[] } {
  return {
    undocumented: routes.filter((r) => !documented.includes(r)).sort(),
    unrouted: documented.filter((d) => !routes.includes(d)).sort(),
  };
}

type Schema = Record<string, any>;

/** The schema behind a `$ref` or a nullable `oneOf: [{$ref}, {type: "null"}]`. */
function resolve(schema: Schema, doc: Schema): Schema {
  if (typeof schema.$ref === "string") {
    const name = schema.$ref.replace("#/components/schemas/", "");
    return resolve(doc.components.schemas[name] as Schema, doc);
  }
  if (Array.isArray(schema.oneOf)) {
    const objects = (schema.oneOf as Schema[]).filter((s) => s.type !== "null");
    if (objects.length === 1 && objects[0]) return resolve(objects[0], doc);
  }
  return schema;
}

/** The JSON schema an OpenAPI operation documents for `status`. */
export function responseSchema(doc: Schema, operation: string, status: number): Schema {
  const [method = "", path = ""] = operation.split(" ");
  const response = doc.paths[path]?.[method]?.responses?.[String(status)] as Schema | undefined;
  const schema = response?.content?.["application/json"]?.schema as Schema | undefined;
  if (!schema) throw new Error(`${operation} documents no JSON body for ${status}`);
  return resolve(schema, doc);
}

/**
 * Where `value` and `schema` disagree: fields of the answer the schema does not name (at any
 * depth where it names properties), and top-level properties the answer lacks (but `optional`).
 */
export function shapeDifferences(
  value: unknown,
  schema: Schema,
  doc: Schema,
  optional: readonly string[] = [],
): string[] {
  const out: string[] = [];
  const walk = (v: unknown, s: Schema, at: string): void => {
    const r = resolve(s, doc);
    if (Array.isArray(v)) {
      if (r.items) for (const item of v) walk(item, r.items as Schema, `${at}[]`);
      return;
    }
    if (typeof v !== "object" || v === null || !r.properties) return;
    const props = r.properties as Record<string, Schema>;
    for (const [k, child] of Object.entries(v)) {
      const p = props[k];
      if (p) walk(child, p, `${at}${k}.`);
      else out.push(`undocumented ${at}${k}`);
    }
  };
  walk(value, schema, "");
  const props = Object.keys((resolve(schema, doc).properties ?? {}) as Schema);
  const present = typeof value === "object" && value !== null ? Object.keys(value) : [];
  for (const p of props) if (!present.includes(p) && !optional.includes(p)) out.push(`missing ${p}`);
  return out;
}
