/**
 * The journal's adapters, for the composition root (and tests and benches that build a
 * journal themselves). Everything else uses the Journal from the module's door.
 */
export { SqlJournalStore } from './sql-journal-store.js';
export { searchTransactions, type Query } from './journal-queries.js';
export { firstHours } from './hour-walk.js';
