-- The Api's tables: accounts, therapist assignments, the session index, the audit trail and Data Protection keys.
-- Applied at every start under an advisory lock; every statement is idempotent.

CREATE TABLE IF NOT EXISTS accounts (
    id               text        PRIMARY KEY,
    email            text        NOT NULL,
    display_name     text        NOT NULL,
    role             text        NOT NULL CHECK (role IN ('admin', 'therapist', 'patient')),
    password_hash    text        NOT NULL,
    failed_sign_ins  integer     NOT NULL DEFAULT 0,
    lockout_end      timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now()
);
-- Emails are unique regardless of case; sign-in looks them up through the same expression.
CREATE UNIQUE INDEX IF NOT EXISTS accounts_email_lower ON accounts (lower(email));
-- Random, replaced with every password change; cookies and refresh tokens carry it and stop working once it changes.
ALTER TABLE accounts ADD COLUMN IF NOT EXISTS credentials_stamp text;
-- Set by an admin who disables the account: sign-in is refused, and the per-request account lookup refuses its credentials.
ALTER TABLE accounts ADD COLUMN IF NOT EXISTS disabled_at timestamptz;
CREATE INDEX IF NOT EXISTS accounts_role_created ON accounts (role, created_at, id);

-- One therapist per patient, as PatientGrain models it; this table is what authorization reads.
CREATE TABLE IF NOT EXISTS assignments (
    patient_id    text        PRIMARY KEY REFERENCES accounts (id),
    therapist_id  text        NOT NULL REFERENCES accounts (id),
    assigned_by   text        NOT NULL REFERENCES accounts (id),
    assigned_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS assignments_therapist ON assignments (therapist_id, patient_id);

-- Who a session belongs to, for authorization and listing; the session grain holds its live state.
CREATE TABLE IF NOT EXISTS sessions (
    id             text        PRIMARY KEY,
    patient_id     text        NOT NULL REFERENCES accounts (id),
    therapist_id   text        NOT NULL REFERENCES accounts (id),
    scheduled_for  timestamptz NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
-- Bookings through a therapist's calendar know their end; a cancelled session stays for its history but leaves lists.
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS ends_at timestamptz;
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS cancelled_at timestamptz;
CREATE INDEX IF NOT EXISTS sessions_patient_time ON sessions (patient_id, scheduled_for);
CREATE INDEX IF NOT EXISTS sessions_therapist_time ON sessions (therapist_id, scheduled_for);

-- Who read which patient's insights, and every consent change. No foreign keys: the trail outlives what it names.
CREATE TABLE IF NOT EXISTS audit_log (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    text        NOT NULL,
    actor_role  text        NOT NULL,
    action      text        NOT NULL,
    patient_id  text,
    session_id  text,
    detail      text
);
CREATE INDEX IF NOT EXISTS audit_log_patient ON audit_log (patient_id, id);
CREATE INDEX IF NOT EXISTS audit_log_actor ON audit_log (actor_id, id);
CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at);

-- Append-only even for a client that bypasses the Api: rows can be inserted and read, never changed or removed.
CREATE OR REPLACE FUNCTION audit_log_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE OR REPLACE TRIGGER audit_log_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_reject_change();
CREATE OR REPLACE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_reject_change();

-- A personal calendar feed per account: only a hash of its secret is kept; deleting the row revokes the feed.
CREATE TABLE IF NOT EXISTS calendar_feeds (
    account_id   text        PRIMARY KEY REFERENCES accounts (id),
    secret_hash  bytea       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- ASP.NET Core Data Protection's key ring, shared by every Api node so cookies and bearer tokens survive restarts.
CREATE TABLE IF NOT EXISTS data_protection_keys (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name text        NOT NULL,
    xml           text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Sign-ins that can end before they expire. A bearer sign-in (a token family) has a row from the start: its refresh
-- tokens carry the generation and each works once; presenting a spent one revokes the family. Logout revokes the
-- sign-in it was called with, cookie or bearer. Every request checks revoked_at along with its account (one query).
CREATE TABLE IF NOT EXISTS sign_in_grants (
    id          text        PRIMARY KEY,
    account_id  text        NOT NULL,
    generation  integer     NOT NULL DEFAULT 0,
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);
CREATE INDEX IF NOT EXISTS sign_in_grants_expires ON sign_in_grants (expires_at);
