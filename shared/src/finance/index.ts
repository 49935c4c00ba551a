// The working-capital engine: pure functions over the replicated finance documents, the same on
// the server (reports, tRPC) and offline on the desktop. Start with prepareFinanceBook(data), then
// ask it for aging, ratios, the cash forecast, scenarios and anomalies.
export * from './finance-book';
export * from './finance-data-filter';
export * from './inventory-through';
export * from './open-balance';
export * from './fx';
export * from './money';
export { dayNumber, isoDay } from './days';
export * from './aging';
export * from './inventory-position';
export * from './working-capital-snapshot';
export * from './ratios';
export * from './ratio-drilldowns';
export * from './ratio-trend';
export * from './inventory-valuation';
export * from './payment-delays';
export * from './cash-forecast';
export * from './sales-outlook';
export * from './scenario.schema';
export * from './scenarios';
export * from './anomaly';
export * from './anomalies';
export { overdueSpike, slowerPayers, duplicateBills } from './anomalies-receivables';
export { stockAlerts } from './anomalies-stock';
export { ratioJumps } from './anomalies-ratios';
export * from './finance-input-error';
export * from './finance-options.schema';
export * from './contact-documents';
