-- 10,000 accounts and 100,000 sign-ins (one in ten revoked), on a scratch database with Api/Data/schema.sql applied.
INSERT INTO accounts (id, email, display_name, role, password_hash)
SELECT md5(i::text), 'u' || i || '@bench.example', 'U', 'patient', 'h' FROM generate_series(1, 10000) i ON CONFLICT DO NOTHING;
INSERT INTO sign_in_grants (id, account_id, generation, expires_at, revoked_at)
SELECT md5('g' || i), md5((i % 10000)::text), 0, now() + interval '12 hours', CASE WHEN i % 10 = 0 THEN now() END
FROM generate_series(1, 100000) i ON CONFLICT DO NOTHING;
ANALYZE;
