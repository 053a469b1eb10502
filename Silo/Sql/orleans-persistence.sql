-- Grain state for Microsoft.Orleans.Persistence.AdoNet (AddAdoNetGrainStorage, Invariant "Npgsql").
--
-- The provider identifies a grain's state by ServiceId, GrainTypeString and the grain key split three ways:
-- GrainIdN0/GrainIdN1 carry a Guid key (its two halves) or an integer key (N1, with N0 = 0), and
-- GrainIdExtensionString carries a string key, or the extension of a compound key (NULL when there is none).
-- GrainIdHash and GrainTypeHash are the provider's 32-bit hashes of key and type: they narrow the index, they
-- do not identify, so every query also compares the full values.
--
-- Two traits of the 10.4 provider that no SQL can correct, so grain code has to respect them:
--   * GrainTypeString is the state's name ([PersistentState("name")]), not the grain type, and the grain type
--     is not part of the key: two grain types with the same state name and the same key share one row
--     (dotnet/orleans#8746). Every grain type's state needs a name of its own.
--   * A string key that parses as a hexadecimal number or a Guid is stored as that integer or Guid, so "0a"
--     and "a" are the same grain state (dotnet/orleans#9706). String keys should contain a non-hex character.
--
-- Optimistic concurrency: the provider keeps Version as the grain's ETag and passes it back as
-- @GrainStateVersion. A write or clear succeeds only against the version the activation last saw, and the
-- result tells the provider which happened:
--   * a new version (different from the ETag it sent)  -> success, the ETag becomes that version;
--   * the same version, NULL or no row                  -> the provider throws InconsistentStateException,
--     and Orleans deactivates the grain, so its next activation reads the newer state instead of
--     overwriting it.

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer     NOT NULL,
    GrainIdN0              bigint      NOT NULL,
    GrainIdN1              bigint      NOT NULL,
    GrainTypeHash          integer     NOT NULL,
    GrainTypeString        text        NOT NULL,
    GrainIdExtensionString text        NULL,
    ServiceId              text        NOT NULL,
    -- NULL after a clear that keeps the row (DeleteStateOnClear = false): the version carries on, so an
    -- activation that still holds the pre-clear ETag cannot write over the clear.
    PayloadBinary          bytea       NULL,
    ModifiedOn             timestamptz NOT NULL DEFAULT now(),
    Version                integer     NOT NULL
);

-- One row per grain state, enforced by the database rather than by a NOT EXISTS check: two activations of the
-- same grain (a cluster partition, a slow deactivation) can both attempt the first write, and under READ
-- COMMITTED neither would see the other's uncommitted row. With this index the second insert waits for the
-- first and then finds the conflict. The strings enter through md5 so that long type names or string keys
-- cannot exceed the B-tree entry size; COALESCE keeps "no extension" distinct from every real one (an md5 is
-- never empty). The leading columns are the ones every query filters on, so this is also the lookup index.
CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_Grain
    ON OrleansStorage (ServiceId, GrainTypeHash, GrainIdHash, GrainIdN0, GrainIdN1,
                       md5(GrainTypeString), COALESCE(md5(GrainIdExtensionString), ''));

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'ReadFromStorageKey',
    -- Result columns by name: PayloadBinary (NULL = no state, the grain starts from its default) and Version
    -- (the ETag). No row at all means the grain has never been written.
    $query$
    SELECT PayloadBinary, Version
    FROM OrleansStorage
    WHERE ServiceId = @ServiceId
      AND GrainTypeHash = @GrainTypeHash
      AND GrainIdHash = @GrainIdHash
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString;
    $query$
),
(
    'WriteToStorageKey',
    -- One result column, NewGrainStateVersion. A NULL @GrainStateVersion means the activation saw no row, so
    -- only an insert is right; otherwise only an update of exactly that version is. When neither statement
    -- touches a row, the activation's own version (or NULL) comes back and the provider reports the conflict.
    $query$
    WITH updated AS
    (
        UPDATE OrleansStorage
        SET PayloadBinary = @PayloadBinary,
            ModifiedOn = now(),
            Version = Version + 1
        WHERE ServiceId = @ServiceId
          AND GrainTypeHash = @GrainTypeHash
          AND GrainIdHash = @GrainIdHash
          AND GrainIdN0 = @GrainIdN0
          AND GrainIdN1 = @GrainIdN1
          AND GrainTypeString = @GrainTypeString
          AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
          AND Version = @GrainStateVersion
        RETURNING Version
    ),
    inserted AS
    (
        INSERT INTO OrleansStorage
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString,
             ServiceId, PayloadBinary, ModifiedOn, Version)
        SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString,
               @ServiceId, @PayloadBinary, now(), 1
        WHERE @GrainStateVersion IS NULL
        ON CONFLICT DO NOTHING
        RETURNING Version
    )
    SELECT COALESCE((SELECT Version FROM updated), (SELECT Version FROM inserted), @GrainStateVersion)
           AS NewGrainStateVersion;
    $query$
),
(
    'ClearStorageKey',
    -- The provider reads the first column of the first row as the new ETag; no row means a conflict. The row
    -- stays, with its version moved on, so a stale activation's later write is still refused.
    $query$
    UPDATE OrleansStorage
    SET PayloadBinary = NULL,
        ModifiedOn = now(),
        Version = Version + 1
    WHERE ServiceId = @ServiceId
      AND GrainTypeHash = @GrainTypeHash
      AND GrainIdHash = @GrainIdHash
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;
    $query$
),
(
    'DeleteStorageKey',
    -- Used instead of ClearStorageKey when the provider's DeleteStateOnClear option is set (Orleans 10.x
    -- refuses that option at start without this key). Same contract: any value other than the ETag sent means
    -- success, no row means a conflict. The grain's ETag becomes NULL, so its next write inserts.
    $query$
    DELETE FROM OrleansStorage
    WHERE ServiceId = @ServiceId
      AND GrainTypeHash = @GrainTypeHash
      AND GrainIdHash = @GrainIdHash
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND Version = @GrainStateVersion
    RETURNING Version + 1 AS NewGrainStateVersion;
    $query$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
