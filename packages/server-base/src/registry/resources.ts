import type { Annotations, Icon, ReadResourceResult, Resource, ResourceTemplate } from "@mcp/protocol";
import type { HandlerContext } from "../context.js";
import { type TemplateVariables, UriTemplate } from "../uri-template.js";
import type { CompleteCallback } from "./completions.js";
import { RegisteredItem, type Registry, type RegistryItem } from "./registry.js";

/** Descriptive fields of a resource or template. */
export interface ResourceMetadata {
  title?: string;
  description?: string;
  mimeType?: string;
  size?: number;
  icons?: Icon[];
  annotations?: Annotations;
  _meta?: Record<string, unknown>;
}

/** Reads a static resource. */
export type ReadResourceCallback = (
  uri: URL,
  ctx: HandlerContext,
) => ReadResourceResult | Promise<ReadResourceResult>;

/** Reads a resource whose URI matched a template. */
export type ReadTemplateCallback = (
  uri: URL,
  variables: TemplateVariables,
  ctx: HandlerContext,
) => ReadResourceResult | Promise<ReadResourceResult>;

/** Metadata of a template plus its optional listing and completion callbacks. */
export interface ResourceTemplateMetadata extends Omit<ResourceMetadata, "size"> {
  /** Concrete resources of this template, added to `resources/list`. */
  list?: (ctx: HandlerContext) => Resource[] | Promise<Resource[]>;
  /** `completion/complete` callbacks per template variable. */
  complete?: Record<string, CompleteCallback>;
}

/** The handle of a static resource. */
export interface RegisteredResource {
  readonly name: string;
  readonly uri: string;
  readonly enabled: boolean;
  enable(): void;
  disable(): void;
  remove(): void;
  update(changes: ResourceMetadata & { read?: ReadResourceCallback }): void;
}

/** The handle of a resource template. */
export interface RegisteredResourceTemplate {
  readonly name: string;
  readonly uriTemplate: UriTemplate;
  readonly enabled: boolean;
  enable(): void;
  disable(): void;
  remove(): void;
  update(changes: ResourceTemplateMetadata & { read?: ReadTemplateCallback }): void;
}

function describe<T extends Record<string, unknown>>(base: T, metadata: ResourceMetadata): T {
  const out: Record<string, unknown> = { ...base };
  for (const key of ["title", "description", "mimeType", "size", "icons", "annotations", "_meta"] as const) {
    if (metadata[key] !== undefined) out[key] = metadata[key];
  }
  return out as T;
}

/** Internal: a static resource, keyed by URI. */
export class ResourceEntry extends RegisteredItem implements RegisteredResource {
  readonly key: string;
  definition: Resource;
  #metadata: ResourceMetadata;

  constructor(
    readonly name: string,
    readonly uri: string,
    metadata: ResourceMetadata,
    public read: ReadResourceCallback,
    protected readonly registry: Registry<RegistryItem>,
  ) {
    super();
    this.key = uri;
    this.#metadata = metadata;
    this.definition = describe({ uri, name } as Resource, metadata);
  }

  update(changes: ResourceMetadata & { read?: ReadResourceCallback }): void {
    const { read, ...metadata } = changes;
    this.#metadata = { ...this.#metadata, ...metadata };
    if (read) this.read = read;
    this.definition = describe({ uri: this.uri, name: this.name } as Resource, this.#metadata);
    this.registry.changed();
  }
}

/** Internal: a resource template, keyed by name. */
export class ResourceTemplateEntry extends RegisteredItem implements RegisteredResourceTemplate {
  readonly key: string;
  readonly uriTemplate: UriTemplate;
  definition: ResourceTemplate;
  list: ResourceTemplateMetadata["list"];
  complete: ResourceTemplateMetadata["complete"];
  #metadata: ResourceTemplateMetadata;

  constructor(
    readonly name: string,
    uriTemplate: string,
    metadata: ResourceTemplateMetadata,
    public read: ReadTemplateCallback,
    protected readonly registry: Registry<RegistryItem>,
  ) {
    super();
    this.key = name;
    this.uriTemplate = new UriTemplate(uriTemplate);
    this.#metadata = metadata;
    this.list = metadata.list;
    this.complete = metadata.complete;
    this.definition = this.#describe();
  }

  update(changes: ResourceTemplateMetadata & { read?: ReadTemplateCallback }): void {
    const { read, ...metadata } = changes;
    this.#metadata = { ...this.#metadata, ...metadata };
    if (read) this.read = read;
    this.list = this.#metadata.list;
    this.complete = this.#metadata.complete;
    this.definition = this.#describe();
    this.registry.changed();
  }

  #describe(): ResourceTemplate {
    const { list: _list, complete: _complete, ...metadata } = this.#metadata;
    return describe(
      { uriTemplate: this.uriTemplate.template, name: this.name } as ResourceTemplate,
      metadata,
    );
  }
}
