export {
  collectDay,
  reportFilters,
  type DayReport,
  type DayReportOptions,
  type ReportEntry,
  type ReportFilters,
  type MerchantSeen,
} from './day-report.js';
export { dayWindow, checkReportDate, localDate, type DayWindow } from './day-window.js';
export {
  computeTotals,
  totalsGroups,
  NET_SIGN,
  TotalsDimensions,
  type TotalsDimension,
  type Tally,
  type CurrencyTotals,
  type TotalsGroup,
  type DayTotals,
} from './totals.js';
export { reportDocument, reportText, ReportSections, type ReportSection, type ReportDocumentOptions } from './report-document.js';
export { listCsv, totalsCsv, reportCsv, csvField, CSV_BOM, LIST_COLUMNS, TOTALS_COLUMNS } from './csv.js';
