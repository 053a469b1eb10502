-- The per-request account lookup before sign-ins could be revoked.
\set i random(1, 10000)
SELECT id, email, display_name, role, password_hash, failed_sign_ins, lockout_end, created_at, credentials_stamp FROM accounts WHERE id = md5(:i::text);
