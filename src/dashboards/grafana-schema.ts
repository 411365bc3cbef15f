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
  id?: number | undefined;
  type?: string | undefined;
  title?: string | undefined;
  /** A variable's name: Grafana draws one copy of the panel (or row) per value. */
  repeat?: string | undefined;
  /** A row whose panels are hidden until opened. */
  collapsed?: boolean | undefined;
  links?: unknown[] | undefined;
  /** The graph panel's bars and stacking; a timeseries panel says them in `fieldConfig.defaults.custom`. */
  bars?: boolean | undefined;
  stack?: boolean | undefined;
  datasource?: GrafanaDatasource;
  targets?: GrafanaTarget[] | undefined;
  panels?: GrafanaPanel[] | undefined;
  fieldConfig?:
    | {
        defaults?:
          | {
              unit?: string | undefined;
              custom?: { drawStyle?: string | undefined; stacking?: { mode?: string | undefined } | undefined; scaleDistribution?: { type?: string | undefined } | undefined } | undefined;
              thresholds?: { steps?: z.infer<typeof Step>[] | undefined } | undefined;
            }
          | undefined;
      }
    | undefined;
  yaxes?: { format?: string | undefined; logBase?: number | undefined }[] | undefined;
  format?: string | undefined;
  thresholds?: z.infer<typeof LegacyThreshold>[] | undefined;
};

const list = <T extends z.ZodType>(item: T) => z.array(z.unknown()).optional().catch(undefined).transform((xs) => xs?.flatMap((x) => {
  const parsed = item.safeParse(x);
  return parsed.success ? [parsed.data] : [];
}));

export const GrafanaPanel: z.ZodType<GrafanaPanel> = z.lazy(() =>
  z.looseObject({
    id: z.number().optional().catch(undefined),
    type: text,
    title: text,
    repeat: text,
    collapsed: flag,
    links: z.array(z.unknown()).optional().catch(undefined),
    bars: flag,
    stack: flag,
    datasource: GrafanaDatasource,
    targets: list(GrafanaTarget),
    /** A collapsed row keeps its panels inside it. */
    panels: list(GrafanaPanel),
    fieldConfig: z
      .looseObject({
        defaults: z
          .looseObject({
            unit: text,
            custom: z
              .looseObject({
                drawStyle: text,
                stacking: z.looseObject({ mode: text }).optional().catch(undefined),
                scaleDistribution: z.looseObject({ type: text }).optional().catch(undefined),
              })
              .optional()
              .catch(undefined),
            thresholds: z.looseObject({ steps: list(Step) }).optional().catch(undefined),
          })
          .optional()
          .catch(undefined),
      })
      .optional()
      .catch(undefined),
    yaxes: list(z.looseObject({ format: text, logBase: z.number().optional().catch(undefined) })),
    /** singlestat's unit. */
    format: text,
    /** The graph panel's; singlestat's is a string ("50,80") and is not read. */
    thresholds: list(LegacyThreshold),
  }),
);

/** One entry of `annotations.list`: Graphite events by tags (`tags`, or `target.tags` since 8.x), a series, or another datasource's. */
export const GrafanaAnnotation = z.looseObject({
  name: text,
  builtIn: z.number().optional().catch(undefined),
  enable: flag,
  datasource: GrafanaDatasource,
  tags: z.union([z.string(), z.array(z.unknown())]).optional().catch(undefined),
  /** A Graphite query as text (older), or the query editor's object. */
  target: z
    .union([z.string(), z.looseObject({ tags: z.union([z.string(), z.array(z.unknown())]).optional().catch(undefined), target: text, query: text })])
    .optional()
    .catch(undefined),
  /** Since 10.x: the panels it is drawn on (`exclude`: all but these). */
  filter: z.looseObject({ exclude: flag, ids: z.array(z.unknown()).optional().catch(undefined) }).optional().catch(undefined),
});
export type GrafanaAnnotation = z.infer<typeof GrafanaAnnotation>;

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
  rows: list(z.looseObject({ title: text, collapse: flag, repeat: text, panels: list(GrafanaPanel) })),
  templating: z.looseObject({ list: list(GrafanaVariable) }).optional().catch(undefined),
  annotations: z.looseObject({ list: list(GrafanaAnnotation) }).optional().catch(undefined),
  time: z.looseObject({ from: text, to: text }).optional().catch(undefined),
  /** `"30s"`, or false / "" for off. */
  refresh: z.union([z.string(), z.boolean()]).optional().catch(undefined),
  /** Links to other dashboards or pages, drawn in the dashboard's top bar. */
  links: z.array(z.unknown()).optional().catch(undefined),
});
export type GrafanaDashboard = z.infer<typeof GrafanaDashboard>;
