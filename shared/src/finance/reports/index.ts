// Report tables of the Finance section's views, built from the engine's answers. Pure (no
// exceljs, no pdf-lib): the renderer may import them; the desktop core and the server write them
// with shared/src/reports' writers.
export * from './report-columns';
export * from './ratios.report';
export * from './aging.report';
export * from './drill.report';
export * from './cash-forecast.report';
export * from './scenarios.report';
export * from './anomalies.report';
export * from './finance-report';
