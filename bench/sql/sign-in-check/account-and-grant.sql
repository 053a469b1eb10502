-- The per-request lookup now (AccountStore.FindWithGrantAsync): the account and whether the sign-in was revoked.
\set i random(1, 10000)
\set g random(1, 100000)
SELECT id, email, display_name, role, password_hash, failed_sign_ins, lockout_end, created_at, credentials_stamp,
    EXISTS (SELECT 1 FROM sign_in_grants WHERE id = md5('g' || :g) AND revoked_at IS NOT NULL)
FROM accounts WHERE id = md5(:i::text);
