-- A PostgreSQL journal as Reissue made it at journal schema 3 (commit e49771e, before head office):
-- pg_dump --no-owner --no-privileges --inserts of a journal with two sales, one audit entry and the users tables.

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

CREATE FUNCTION public.journal_append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  RAISE EXCEPTION 'the journal is append-only: % cannot be %', TG_TABLE_NAME,
    CASE TG_OP WHEN 'UPDATE' THEN 'updated' WHEN 'DELETE' THEN 'deleted' ELSE 'truncated' END;
END $$;

CREATE FUNCTION public.print_jobs_refuse_removal() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  RAISE EXCEPTION 'print_jobs: rows are never deleted';
END $$;

CREATE FUNCTION public.print_jobs_transitions() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF OLD.state NOT IN ('queued', 'sending', 'awaiting-ack') THEN RAISE EXCEPTION 'print_jobs: a row in a final state never changes'; END IF;
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.transaction_id IS DISTINCT FROM OLD.transaction_id OR NEW.terminal_id IS DISTINCT FROM OLD.terminal_id OR NEW.kind IS DISTINCT FROM OLD.kind OR NEW.copy IS DISTINCT FROM OLD.copy OR NEW.printer IS DISTINCT FROM OLD.printer OR NEW.backup IS DISTINCT FROM OLD.backup OR NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.expires_at IS DISTINCT FROM OLD.expires_at OR NEW.options IS DISTINCT FROM OLD.options OR NEW.rerouted_from IS DISTINCT FROM OLD.rerouted_from THEN RAISE EXCEPTION 'print_jobs: only the state and the columns that go with it may change'; END IF;
  IF NOT ((OLD.state = 'queued' AND NEW.state IN ('queued', 'sending', 'failed', 'expired', 'rerouted')) OR (OLD.state = 'sending' AND NEW.state IN ('sending', 'awaiting-ack', 'printed', 'unknown')) OR (OLD.state = 'awaiting-ack' AND NEW.state IN ('awaiting-ack', 'printed', 'unknown'))) THEN RAISE EXCEPTION 'print_jobs: this state change is not allowed'; END IF;
  RETURN NEW;
END $$;

SET default_tablespace = '';

SET default_table_access_method = heap;

CREATE TABLE public.events (
    id bigint NOT NULL,
    terminal_id text NOT NULL COLLATE pg_catalog."C",
    seq bigint NOT NULL,
    type text NOT NULL,
    recorded_at text NOT NULL,
    payload text NOT NULL,
    prev_hash text NOT NULL,
    hash text NOT NULL
);

ALTER TABLE public.events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.login_failures (
    id bigint NOT NULL,
    key text NOT NULL,
    at bigint NOT NULL,
    subject text,
    source text
);

ALTER TABLE public.login_failures ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.login_failures_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.meta (
    key text NOT NULL,
    value text NOT NULL
);

CREATE TABLE public.print_jobs (
    id bigint NOT NULL,
    transaction_id text NOT NULL,
    terminal_id text NOT NULL,
    kind text NOT NULL,
    copy integer NOT NULL,
    printer text NOT NULL,
    backup text,
    state text NOT NULL,
    attempts integer NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    expires_at bigint NOT NULL,
    not_before bigint NOT NULL,
    paper_mm double precision NOT NULL,
    detail text,
    options text NOT NULL,
    rerouted_from bigint
);

ALTER TABLE public.print_jobs ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.print_jobs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.sessions (
    token_hash text NOT NULL,
    user_name text NOT NULL,
    stamp text NOT NULL,
    created_at bigint NOT NULL,
    idle_expires_at bigint NOT NULL,
    absolute_expires_at bigint NOT NULL
);

CREATE TABLE public.transactions (
    event_id bigint NOT NULL,
    id text NOT NULL,
    terminal_id text NOT NULL,
    batch_no text NOT NULL,
    voucher_no text NOT NULL,
    reference_no text,
    card_last4 text,
    operator_id text NOT NULL,
    kind text NOT NULL,
    amount_minor bigint NOT NULL,
    currency text NOT NULL,
    occurred_at bigint NOT NULL,
    merchant_id text NOT NULL,
    original_id text,
    content_hash text NOT NULL
);

CREATE TABLE public.users (
    name text NOT NULL,
    role text NOT NULL,
    operator_no text,
    terminal text,
    disabled boolean DEFAULT false NOT NULL,
    password_hash text NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL
);

INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (1, '10023456', 1, 'transaction.recorded', '2026-11-27T08:00:00.000Z', '{"id":"10023456-000128-000001","transaction":{"amount":"11.01","authCode":"823114","batchNo":"000128","card":{"acquirer":"银联商务","bin":"622588","entryMode":"chip","issuer":"招商银行","last4":"4242","masked":"622588******4242"},"currency":"CNY","kind":"sale","merchant":{"id":"898310058120123","name":"上海好又多超市有限公司"},"occurredAt":"2026-11-27T06:01:00+00:00","operatorId":"01","referenceNo":"133000000001","terminalId":"10023456","voucherNo":"000001"}}', '0000000000000000000000000000000000000000000000000000000000000000', '4507e758ab35caed166e6255c8544ad45c6a2ebab4537e4fcb0bd5cb24d5684f');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (2, '20000001', 1, 'transaction.recorded', '2026-11-27T08:00:00.000Z', '{"id":"20000001-000128-000002","transaction":{"amount":"12.02","authCode":"823114","batchNo":"000128","card":{"acquirer":"银联商务","bin":"622588","entryMode":"chip","issuer":"招商银行","last4":"4242","masked":"622588******4242"},"currency":"CNY","kind":"sale","merchant":{"id":"898310058120123","name":"上海好又多超市有限公司"},"occurredAt":"2026-11-27T06:02:00+00:00","operatorId":"01","referenceNo":"133000000002","terminalId":"20000001","voucherNo":"000002"}}', '0000000000000000000000000000000000000000000000000000000000000000', '6d6078b0126cfb63a005c19221f9940165a168bb1c7a9e8b852d4434f2afc802');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (3, 'audit', 1, 'reprint.issued', '2026-11-27T08:00:00.000Z', '{"at":"2026-11-27T08:00:00.000Z","saleId":"10023456-000128-000001","user":"li"}', '0000000000000000000000000000000000000000000000000000000000000000', '50e6997af978462ae80ab85f1d7f1c79a591cf31db4875baca1e24eb7f2324f0');

INSERT INTO public.meta VALUES ('guarded:print_jobs', 'installed');
INSERT INTO public.meta VALUES ('schemaVersion', '3');
INSERT INTO public.meta VALUES ('timeZone', 'Asia/Shanghai');
INSERT INTO public.meta VALUES ('createdAt', '2026-11-27T08:00:00.000Z');
INSERT INTO public.meta VALUES ('currency', 'CNY');
INSERT INTO public.meta VALUES ('usersSchemaVersion', '2');
INSERT INTO public.meta VALUES ('verificationKey', '1b4ba55edc018896e1d7221a674cd74a58f844a29a683b8729e13eb841bdc1b9');

INSERT INTO public.transactions VALUES (1, '10023456-000128-000001', '10023456', '000128', '000001', '133000000001', '4242', '01', 'sale', 1101, 'CNY', 1795759260000, '898310058120123', NULL, 'a869b17d16b3db468e2e06d362baa8aeaf5c9b5e3e59b2079ec6b9ddd74a8e6b');
INSERT INTO public.transactions VALUES (2, '20000001-000128-000002', '20000001', '000128', '000002', '133000000002', '4242', '01', 'sale', 1202, 'CNY', 1795759320000, '898310058120123', NULL, '3b37b5296b4bcfba8eeac5ff9d77b3899dab93602ef41abd9fe66cb18dc2cdc2');

SELECT pg_catalog.setval('public.events_id_seq', 3, true);

SELECT pg_catalog.setval('public.login_failures_id_seq', 1, false);

SELECT pg_catalog.setval('public.print_jobs_id_seq', 1, false);

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_terminal_id_seq_key UNIQUE (terminal_id, seq);

ALTER TABLE ONLY public.login_failures
    ADD CONSTRAINT login_failures_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.meta
    ADD CONSTRAINT meta_pkey PRIMARY KEY (key);

ALTER TABLE ONLY public.print_jobs
    ADD CONSTRAINT print_jobs_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (token_hash);

ALTER TABLE ONLY public.transactions
    ADD CONSTRAINT transactions_id_unique UNIQUE (id);

ALTER TABLE ONLY public.transactions
    ADD CONSTRAINT transactions_pkey PRIMARY KEY (event_id);

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_operator_no_unique UNIQUE (operator_no);

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (name);

CREATE INDEX events_alerts ON public.events USING btree (type, id) WHERE (type = 'integrity.alert'::text);

CREATE INDEX events_print_job ON public.events USING btree ((((payload)::jsonb ->> 'jobId'::text)), seq) WHERE (type ~~ 'print.%'::text);

CREATE INDEX events_print_sale ON public.events USING btree ((((payload)::jsonb ->> 'transactionId'::text)), seq) WHERE (type ~~ 'print.%'::text);

CREATE INDEX jobs_open ON public.print_jobs USING btree (state, printer, id);

CREATE INDEX jobs_printed ON public.print_jobs USING btree (printer, updated_at) WHERE (state = 'printed'::text);

CREATE INDEX jobs_tx ON public.print_jobs USING btree (transaction_id, id);

CREATE INDEX login_failures_at ON public.login_failures USING btree (at);

CREATE INDEX login_failures_key ON public.login_failures USING btree (key, id);

CREATE INDEX login_failures_subject ON public.login_failures USING btree (subject);

CREATE INDEX sessions_absolute ON public.sessions USING btree (absolute_expires_at);

CREATE INDEX sessions_idle ON public.sessions USING btree (idle_expires_at);

CREATE INDEX sessions_user ON public.sessions USING btree (user_name);

CREATE INDEX tx_amount ON public.transactions USING btree (amount_minor, occurred_at, event_id);

CREATE INDEX tx_last4 ON public.transactions USING btree (card_last4, occurred_at, event_id) WHERE (card_last4 IS NOT NULL);

CREATE INDEX tx_occurred ON public.transactions USING btree (occurred_at, event_id);

CREATE INDEX tx_operator ON public.transactions USING btree (operator_id, occurred_at, event_id);

CREATE INDEX tx_original ON public.transactions USING btree (original_id) WHERE (original_id IS NOT NULL);

CREATE INDEX tx_ref ON public.transactions USING btree (reference_no) WHERE (reference_no IS NOT NULL);

CREATE INDEX tx_terminal ON public.transactions USING btree (terminal_id, occurred_at, event_id);

CREATE INDEX tx_voucher ON public.transactions USING btree (voucher_no, occurred_at, event_id);

CREATE TRIGGER events_no_delete BEFORE DELETE ON public.events FOR EACH STATEMENT EXECUTE FUNCTION public.journal_append_only();

ALTER TABLE public.events ENABLE ALWAYS TRIGGER events_no_delete;

CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON public.events FOR EACH STATEMENT EXECUTE FUNCTION public.journal_append_only();

ALTER TABLE public.events ENABLE ALWAYS TRIGGER events_no_truncate;

CREATE TRIGGER events_no_update BEFORE UPDATE ON public.events FOR EACH STATEMENT EXECUTE FUNCTION public.journal_append_only();

ALTER TABLE public.events ENABLE ALWAYS TRIGGER events_no_update;

CREATE TRIGGER print_jobs_no_delete BEFORE DELETE ON public.print_jobs FOR EACH STATEMENT EXECUTE FUNCTION public.print_jobs_refuse_removal();

ALTER TABLE public.print_jobs ENABLE ALWAYS TRIGGER print_jobs_no_delete;

CREATE TRIGGER print_jobs_no_truncate BEFORE TRUNCATE ON public.print_jobs FOR EACH STATEMENT EXECUTE FUNCTION public.print_jobs_refuse_removal();

ALTER TABLE public.print_jobs ENABLE ALWAYS TRIGGER print_jobs_no_truncate;

CREATE TRIGGER print_jobs_transitions BEFORE UPDATE ON public.print_jobs FOR EACH ROW EXECUTE FUNCTION public.print_jobs_transitions();

ALTER TABLE public.print_jobs ENABLE ALWAYS TRIGGER print_jobs_transitions;

CREATE TRIGGER transactions_no_delete BEFORE DELETE ON public.transactions FOR EACH STATEMENT EXECUTE FUNCTION public.journal_append_only();

ALTER TABLE public.transactions ENABLE ALWAYS TRIGGER transactions_no_delete;

CREATE TRIGGER transactions_no_truncate BEFORE TRUNCATE ON public.transactions FOR EACH STATEMENT EXECUTE FUNCTION public.journal_append_only();

ALTER TABLE public.transactions ENABLE ALWAYS TRIGGER transactions_no_truncate;

CREATE TRIGGER transactions_no_update BEFORE UPDATE ON public.transactions FOR EACH STATEMENT EXECUTE FUNCTION public.journal_append_only();

ALTER TABLE public.transactions ENABLE ALWAYS TRIGGER transactions_no_update;

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_user_name_fkey FOREIGN KEY (user_name) REFERENCES public.users(name);

ALTER TABLE ONLY public.transactions
    ADD CONSTRAINT transactions_event_id_fkey FOREIGN KEY (event_id) REFERENCES public.events(id);

