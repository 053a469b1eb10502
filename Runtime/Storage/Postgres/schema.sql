-- Grain state: one row per grain and state name. The version column implements optimistic concurrency;
-- a cleared state keeps its row (payload NULL) so a stale writer still finds a newer version.
CREATE TABLE IF NOT EXISTS grain_state (
    grain_type  text        NOT NULL,
    grain_key   text        NOT NULL,
    state_name  text        NOT NULL,
    payload     jsonb,
    version     bigint      NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (grain_type, grain_key, state_name)
);
