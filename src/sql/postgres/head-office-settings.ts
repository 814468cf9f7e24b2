/**
 * The PostgreSQL settings head office runs with, beside fsync, synchronous_commit and
 * full_page_writes left on (durability is the product). Measured on shops' backlogs pushed
 * into a 1,000,000-sale head office (bench/RESULTS.md, 2026-12-06): with PostgreSQL's
 * defaults each pushed sale dirtied ~4 pages of the sales indexes that the 128 MB cache then
 * wrote out and read back, and a checkpoint every 1 GB of WAL put a full-page image of every
 * index page touched again into the WAL (~2 an event, 14–16 KB of WAL an event right after one).
 * The README's Head office section says the same to whoever runs the server.
 */
export const HEAD_OFFICE_SETTINGS = {
  /** Room for the current months' indexes (size it to ~25 % of the server's memory; 2 GB is the bench's). */
  shared_buffers: '2GB',
  /** Checkpoints by time, not by WAL volume, during a day of pushes: fewer full-page-image storms. */
  max_wal_size: '16GB',
  checkpoint_timeout: '30min',
  /**
   * Not compressed: lz4 took the WAL right after a checkpoint from 16.6 to 10.2 KB a sale but
   * cost PostgreSQL ~20 µs of CPU a sale while it wrote full-page images (127–136 against
   * 89–110 µs over HTTP), and on 2 cores CPU is the limit. Where the WAL's disk or a standby's
   * link is, `lz4` is the setting to try.
   */
  wal_compression: 'off',
} as const;

/** The settings as postgresql.conf lines. */
export const headOfficeConf = (): string =>
  Object.entries(HEAD_OFFICE_SETTINGS)
    .map(([name, value]) => `${name} = '${value}'\n`)
    .join('');
