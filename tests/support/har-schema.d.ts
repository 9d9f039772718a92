// Types for har-schema 2.0.0 (the HAR 1.2 JSON schemas, draft-06), which ships none.
declare module 'har-schema' {
  const schemas: Record<string, object>;
  export default schemas;
}
