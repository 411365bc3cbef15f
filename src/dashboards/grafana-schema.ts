import { z } from '../contract/zod';

// What the import reads of a Grafana dashboard (schema versions 16 to 39), and nothing more.
// Every field is optional and unknown ones pass: dashboards exported from a decade of Grafana
// versions differ in everything but the fields read here, and a panel we cannot use is reported,
// never a reason to refuse the whole file.

const text = z.string().optional().catch(undefined);
const flag = z.boolean().optional().catch(undefined);

/** A name (`"graphite"`, `"${DS_GRAPHITE}"`, null for the default) before 7.x; `{ type, uid }` since. */
export const GrafanaDatasource = z
  .union([z.string(), z.looseObject({ type: text, uid: text }), z.null()])
  .optional()
  .catch(undefined);
export type GrafanaDatasource = z.infer<typeof GrafanaDatasource>;

export const GrafanaTarget = z.looseObject({
  refId: text,
  /** Graphite's query; `targetFull` has `#A` references to other targets expanded. */
  target: text,
  targetFull: text,
  hide: flag,
  datasource: GrafanaDatasource,
  /** Prometheus and Loki queries. */
  expr: text,
  /** InfluxQL in raw mode, SQL, Elasticsearch's Lucene. */
  query: text,
});
export type GrafanaTarget = z.infer<typeof GrafanaTarget>;

const Step = z.looseObject({ value: z.number().nullable().optional().catch(undefined), color: text });
const LegacyThreshold = z.looseObject({ value: z.number().optional().catch(undefined), op: text });

export type GrafanaPanel = {
  type?: string | undefined;
  title?: string | undefined;
  datasource?: GrafanaDatasource;
  targets?: GrafanaTarget[] | undefined;
  panels?: GrafanaPanel[] | undefined;
  fieldConfig?: { defaults?: { unit?: string | undefined; thresholds?: { steps?: z.infer<typeof Step>[] | undefined } | undefined } | undefined } | undefined;
  yaxes?: { format?: string | undefined }[] | undefined;
  format?: string | undefined;
  thresholds?: z.infer<typeof LegacyThreshold>[] | undefined;
};

const list = <T extends z.ZodType>(item: T) => z.array(z.unknown()).optional().catch(undefined).transform((xs) => xs?.flatMap((x) => {
  const parsed = item.safeParse(x);
  return parsed.success ? [parsed.data] : [];
}));

export const GrafanaPanel: z.ZodType<GrafanaPanel> = z.lazy(() =>
  z.looseObject({
    type: text,
    title: text,
    datasource: GrafanaDatasource,
    targets: list(GrafanaTarget),
    /** A collapsed row keeps its panels inside it. */
    panels: list(GrafanaPanel),
    fieldConfig: z
      .looseObject({ defaults: z.looseObject({ unit: text, thresholds: z.looseObject({ steps: list(Step) }).optional().catch(undefined) }).optional().catch(undefined) })
      .optional()
      .catch(undefined),
    yaxes: list(z.looseObject({ format: text })),
    /** singlestat's unit. */
    format: text,
    /** The graph panel's; singlestat's is a string ("50,80") and is not read. */
    thresholds: list(LegacyThreshold),
  }),
);

export const GrafanaVariable = z.looseObject({
  name: z.string(),
  current: z.looseObject({ value: z.unknown() }).optional().catch(undefined),
});
export type GrafanaVariable = z.infer<typeof GrafanaVariable>;

export const GrafanaDashboard = z.looseObject({
  uid: text,
  title: text,
  schemaVersion: z.number().optional().catch(undefined),
  panels: list(GrafanaPanel),
  /** Before schema 16 every panel sat in a row; files converted since may still carry them. */
  rows: list(z.looseObject({ title: text, panels: list(GrafanaPanel) })),
  templating: z.looseObject({ list: list(GrafanaVariable) }).optional().catch(undefined),
});
export type GrafanaDashboard = z.infer<typeof GrafanaDashboard>;
