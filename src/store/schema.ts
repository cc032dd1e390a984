/**
 * The journal's SQLite schema, by version (`PRAGMA user_version`): 1 is the foundation's schema;
 * 2 adds offices to batches, send attempts, search columns, revocations and bulk jobs; 3 records
 * each extract's verification address; 4 adds finality (block hash, confirmations, final), the
 * signed transactions and the chain log; 5 adds the online counter's orders and their events. A version, once released, is never edited: a change is a
 * new migration (see `Journal`, which runs them when it opens a file).
 * @module
 */

export const SCHEMA_V1 = `
CREATE TABLE IF NOT EXISTS batches (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  root BLOB NOT NULL UNIQUE,
  size INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('sealed', 'anchoring', 'anchored')),
  tx_hash TEXT,
  block_number INTEGER,
  anchored_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS extracts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  office TEXT NOT NULL,
  reference TEXT,
  extract_json TEXT NOT NULL,
  issued_at INTEGER NOT NULL,
  seal_body BLOB NOT NULL,
  leaf BLOB NOT NULL,
  revision1 BLOB NOT NULL,
  batch_id INTEGER REFERENCES batches(id),
  leaf_index INTEGER,
  proof BLOB,
  created_at INTEGER NOT NULL,
  UNIQUE (office, reference)
);
CREATE INDEX IF NOT EXISTS extracts_unbatched ON extracts (seq) WHERE batch_id IS NULL;
CREATE INDEX IF NOT EXISTS extracts_batch ON extracts (batch_id, leaf_index);
`;

export const MIGRATION_V2 = `
ALTER TABLE batches ADD COLUMN office TEXT;
ALTER TABLE batches ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE extracts ADD COLUMN debtor_name TEXT;
ALTER TABLE extracts ADD COLUMN search TEXT NOT NULL DEFAULT '';
CREATE INDEX extracts_office ON extracts (office, seq);
CREATE INDEX extracts_unbatched_office ON extracts (office, seq) WHERE batch_id IS NULL;
CREATE INDEX batches_unanchored ON batches (id) WHERE state != 'anchored';
CREATE TABLE revocations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  office TEXT NOT NULL,
  scope TEXT NOT NULL CHECK (scope IN ('extract', 'batch')),
  extract_id TEXT UNIQUE REFERENCES extracts(id),
  batch_id INTEGER REFERENCES batches(id),
  leaf BLOB,
  reason INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'recorded')),
  attempts INTEGER NOT NULL DEFAULT 0,
  tx_hash TEXT,
  block_number INTEGER,
  revoked_at INTEGER,
  requested_at INTEGER NOT NULL,
  CHECK ((scope = 'extract') = (extract_id IS NOT NULL))
);
CREATE UNIQUE INDEX revocations_batch ON revocations (batch_id) WHERE scope = 'batch';
CREATE INDEX revocations_open ON revocations (id) WHERE state != 'recorded';
CREATE TABLE bulk_jobs (
  id TEXT PRIMARY KEY,
  office TEXT,
  source BLOB NOT NULL,
  total INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE TABLE bulk_lines (
  job_id TEXT NOT NULL REFERENCES bulk_jobs(id),
  line INTEGER NOT NULL,
  extract_id TEXT,
  created INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  PRIMARY KEY (job_id, line)
) WITHOUT ROWID;
CREATE INDEX bulk_lines_extract ON bulk_lines (extract_id, job_id) WHERE extract_id IS NOT NULL;
`;

/**
 * The verification address an extract was issued with: its stamp is built from it at every
 * download, so a later change of `SCEAU_PUBLIC_URL` never gives an issued extract another file.
 */
export const MIGRATION_V3 = `
ALTER TABLE extracts ADD COLUMN verifier_url TEXT;
`;

/**
 * Finality on a real network: the block an anchoring was included in (its hash tells a
 * reorganisation), its confirmations and whether it is final; every signed version of an
 * anchoring transaction, journaled before it is sent (a restart sends the same bytes again
 * instead of signing a new transaction); and the chain log, what happened on chain that the
 * journal had to follow (reorganisations). Batches anchored under schema 3 count as final.
 */
export const MIGRATION_V4 = `
ALTER TABLE batches ADD COLUMN block_hash TEXT;
ALTER TABLE batches ADD COLUMN confirmations INTEGER;
ALTER TABLE batches ADD COLUMN final INTEGER NOT NULL DEFAULT 0;
UPDATE batches SET final = 1 WHERE state = 'anchored';
CREATE INDEX batches_unfinal ON batches (id) WHERE state = 'anchored' AND final = 0;
CREATE TABLE chain_transactions (
  hash TEXT PRIMARY KEY,
  account TEXT NOT NULL,
  nonce INTEGER NOT NULL,
  raw TEXT NOT NULL,
  max_fee_per_gas TEXT NOT NULL,
  max_priority_fee_per_gas TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX chain_transactions_nonce ON chain_transactions (account, nonce);
CREATE TABLE chain_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  batch_id INTEGER REFERENCES batches(id),
  detail TEXT NOT NULL
);
`;

/**
 * The online counter's orders and every change of their state with who made it, on top of
 * schema 4. Personal data stay in the journal, as the extracts'.
 */
export const MIGRATION_V5 = `
CREATE TABLE counter_orders (
  id TEXT PRIMARY KEY,
  office TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('online', 'agent')),
  agent TEXT,
  state TEXT NOT NULL CHECK (state IN ('review', 'issuing', 'issued', 'refused')),
  mail TEXT NOT NULL CHECK (mail IN ('none', 'pending', 'sent', 'failed')),
  data TEXT NOT NULL,
  invoice_reference TEXT,
  invoice_pdf BLOB,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX counter_orders_state ON counter_orders (state, office, created_at);
CREATE INDEX counter_orders_office ON counter_orders (office, created_at);
CREATE INDEX counter_orders_agent ON counter_orders (agent, created_at) WHERE agent IS NOT NULL;
CREATE INDEX counter_orders_mail ON counter_orders (created_at) WHERE mail = 'pending';
CREATE TABLE counter_order_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id TEXT NOT NULL REFERENCES counter_orders(id),
  at INTEGER NOT NULL,
  state TEXT NOT NULL,
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('citizen', 'agent', 'office', 'system')),
  actor_id TEXT NOT NULL,
  detail TEXT
);
CREATE INDEX counter_order_events_order ON counter_order_events (order_id, seq);
`;

export const SCHEMA_VERSION = 5;
