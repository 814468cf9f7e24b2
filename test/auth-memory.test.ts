import { MemoryUserStore, type UserStore } from '../src/auth/index.js';
import { userStoreContract } from './support/user-store-contract.js';

// The in-memory store is the double the auth unit tests use; it passes the same contract.
userStoreContract('memory', {
  open: async () => new MemoryUserStore(),
  reopen: async (store: UserStore) => store,
  close: async () => undefined,
});
