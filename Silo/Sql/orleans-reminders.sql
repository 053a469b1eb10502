-- Reminders for Microsoft.Orleans.Reminders.AdoNet (UseAdoNetReminderService, Invariant "Npgsql").
--
-- One row per (service, grain, reminder name). GrainId is the grain id's string form. GrainHash is the grain's
-- uniform hash, a uint the provider binds as a signed integer: each silo reads the reminders of its range of
-- the consistent-hash ring, (@BeginHash, @EndHash], through ReadRangeRows1Key when that range does not wrap in
-- signed order (begin < end as integers) and ReadRangeRows2Key when it does (including begin = end, the
-- whole ring). Period is in milliseconds. Version is the reminder's ETag: every upsert moves it, and a delete
-- succeeds only against the version the caller holds.

CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    text        NOT NULL,
    GrainId      text        NOT NULL,
    ReminderName text        NOT NULL,
    StartTime    timestamptz NOT NULL,
    Period       bigint      NOT NULL,
    GrainHash    integer     NOT NULL,
    Version      integer     NOT NULL,

    CONSTRAINT PK_OrleansRemindersTable PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- The reminder service's periodic range reads.
CREATE INDEX IF NOT EXISTS IX_OrleansRemindersTable_GrainHash
    ON OrleansRemindersTable (ServiceId, GrainHash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'ReadReminderRowsKey',
    -- All reminders of one grain. Every read returns GrainId, ReminderName, StartTime, Period and Version.
    $query$
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainId = @GrainId;
    $query$
),
(
    'ReadReminderRowKey',
    $query$
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainId = @GrainId
      AND ReminderName = @ReminderName;
    $query$
),
(
    'ReadRangeRows1Key',
    -- A range that does not wrap: begin < hash <= end.
    $query$
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainHash > @BeginHash
      AND GrainHash <= @EndHash;
    $query$
),
(
    'ReadRangeRows2Key',
    -- A range that wraps past the largest signed integer: hash > begin, or hash <= end.
    $query$
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
    $query$
),
(
    'UpsertReminderRowKey',
    -- Registering a reminder again replaces its schedule. One row, column Version: the new ETag.
    $query$
    INSERT INTO OrleansRemindersTable AS r
        (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES
        (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
        SET StartTime = EXCLUDED.StartTime,
            Period = EXCLUDED.Period,
            GrainHash = EXCLUDED.GrainHash,
            Version = r.Version + 1
    RETURNING r.Version;
    $query$
),
(
    'DeleteReminderRowKey',
    -- One boolean column: false when the reminder is gone or was re-registered since the caller read it.
    $query$
    WITH deleted AS
    (
        DELETE FROM OrleansRemindersTable
        WHERE ServiceId = @ServiceId
          AND GrainId = @GrainId
          AND ReminderName = @ReminderName
          AND Version = @Version
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM deleted) AS Deleted;
    $query$
),
(
    'DeleteReminderRowsKey',
    -- Every reminder of the service (tests and tooling).
    $query$
    DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId;
    $query$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
