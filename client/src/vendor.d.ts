// Types for vendor files without their own.

/** ECharts' Russian texts (a UMD file; its CommonJS exports object is the locale). */
declare module 'echarts/i18n/langRU-obj.js' {
  const lang: Record<string, unknown>;
  export default lang;
}
