-- Cluster membership for Microsoft.Orleans.Clustering.AdoNet (UseAdoNetClustering, Invariant "Npgsql"),
-- read by silos and, through GatewaysQueryKey, by clients looking for gateways.
--
-- The provider's "deployment" is the cluster: @DeploymentId carries ClusterOptions.ClusterId.
-- Membership is one table version per cluster plus one row per silo incarnation (address, port and
-- generation). Every row a reader gets carries the cluster's current Version, which is the ETag of each entry
-- and of the table. A silo changes membership only by presenting the version it read: the change and the
-- version increment happen together or not at all, so two silos voting on the same entry cannot both win.
-- IAmAlive heartbeats are the exception: they touch only their own row and leave the version alone.
--
-- Times are timestamptz. The provider binds DateTime parameters in UTC and reads them back as UTC, so a
-- session TimeZone other than UTC cannot shift them.

CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId text        NOT NULL,
    Timestamp    timestamptz NOT NULL DEFAULT now(),
    Version      integer     NOT NULL DEFAULT 0,

    CONSTRAINT PK_OrleansMembershipVersionTable PRIMARY KEY (DeploymentId)
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId text        NOT NULL,
    Address      text        NOT NULL,
    Port         integer     NOT NULL,
    Generation   integer     NOT NULL,
    SiloName     text        NOT NULL,
    HostName     text        NOT NULL,
    -- Orleans' SiloStatus as a number: 1 Created, 2 Joining, 3 Active, 4 ShuttingDown, 5 Stopping, 6 Dead.
    Status       integer     NOT NULL,
    -- 0 when the silo is not a gateway.
    ProxyPort    integer     NOT NULL DEFAULT 0,
    -- Other silos' votes against this one, "silo-address,date|silo-address,date", as the provider writes them.
    SuspectTimes text        NULL,
    StartTime    timestamptz NOT NULL,
    IAmAliveTime timestamptz NOT NULL,

    CONSTRAINT PK_OrleansMembershipTable PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_OrleansMembershipTable_Version FOREIGN KEY (DeploymentId)
        REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

-- Adds a silo's row, if @Version is still the cluster's version. The version is taken first, so a writer with
-- a stale version changes nothing; if the row then turns out to exist already, the exception block's
-- savepoint puts the version back, and the caller learns "not inserted" either way. The ceiling keeps an
-- integer overflow from ever turning into an error on the membership path.
CREATE OR REPLACE FUNCTION orleans_membership_insert(
    p_deployment_id  text,
    p_address        text,
    p_port           integer,
    p_generation     integer,
    p_silo_name      text,
    p_host_name      text,
    p_status         integer,
    p_proxy_port     integer,
    p_start_time     timestamptz,
    p_i_am_alive     timestamptz,
    p_version        integer)
RETURNS boolean
LANGUAGE plpgsql
AS $function$
BEGIN
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1,
        Timestamp = now()
    WHERE DeploymentId = p_deployment_id
      AND Version = p_version
      AND Version < 2147483647;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status,
         COALESCE(p_proxy_port, 0), p_start_time, p_i_am_alive);
    RETURN true;
EXCEPTION
    WHEN unique_violation THEN
        RETURN false;
END
$function$;

-- Changes a silo's status and suspicions, under the same rule: the version moves only together with the row,
-- and a missing row undoes the version increment. A heartbeat that arrived in between is never moved back.
CREATE OR REPLACE FUNCTION orleans_membership_update(
    p_deployment_id  text,
    p_address        text,
    p_port           integer,
    p_generation     integer,
    p_status         integer,
    p_suspect_times  text,
    p_i_am_alive     timestamptz,
    p_version        integer)
RETURNS boolean
LANGUAGE plpgsql
AS $function$
BEGIN
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1,
        Timestamp = now()
    WHERE DeploymentId = p_deployment_id
      AND Version = p_version
      AND Version < 2147483647;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE OrleansMembershipTable
    SET Status = p_status,
        SuspectTimes = p_suspect_times,
        IAmAliveTime = GREATEST(IAmAliveTime, p_i_am_alive)
    WHERE DeploymentId = p_deployment_id
      AND Address = p_address
      AND Port = p_port
      AND Generation = p_generation;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'membership row not found' USING ERRCODE = 'no_data_found';
    END IF;
    RETURN true;
EXCEPTION
    WHEN no_data_found THEN
        RETURN false;
END
$function$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'InsertMembershipVersionKey',
    -- Runs when a silo initialises the table; several may race. One boolean column: true when this call
    -- created the cluster's version row.
    $query$
    WITH inserted AS
    (
        INSERT INTO OrleansMembershipVersionTable (DeploymentId)
        VALUES (@DeploymentId)
        ON CONFLICT (DeploymentId) DO NOTHING
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM inserted) AS Inserted;
    $query$
),
(
    'InsertMembershipKey',
    -- One boolean column: false when @Version is stale or the row exists (the provider then re-reads).
    $query$
    SELECT orleans_membership_insert(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
                                     @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version) AS Inserted;
    $query$
),
(
    'UpdateMembershipKey',
    -- One boolean column: false when @Version is stale or the row is gone.
    $query$
    SELECT orleans_membership_update(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes,
                                     @IAmAliveTime, @Version) AS Updated;
    $query$
),
(
    'UpdateIAmAlivetimeKey',
    -- No result is read. GREATEST: a delayed heartbeat must not move a silo's liveness backwards.
    $query$
    UPDATE OrleansMembershipTable
    SET IAmAliveTime = GREATEST(IAmAliveTime, @IAmAliveTime)
    WHERE DeploymentId = @DeploymentId
      AND Address = @Address
      AND Port = @Port
      AND Generation = @Generation;
    $query$
),
(
    'MembershipReadRowKey',
    -- The version row is always returned, joined to the silo's row when there is one: the provider takes the
    -- table version from the first row and treats a row with a NULL StartTime as "no entry".
    $query$
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable v
    LEFT JOIN OrleansMembershipTable m
           ON m.DeploymentId = v.DeploymentId
          AND m.Address = @Address
          AND m.Port = @Port
          AND m.Generation = @Generation
    WHERE v.DeploymentId = @DeploymentId;
    $query$
),
(
    'MembershipReadAllKey',
    -- As MembershipReadRowKey, for every silo of the cluster.
    $query$
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable v
    LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
    WHERE v.DeploymentId = @DeploymentId;
    $query$
),
(
    'GatewaysQueryKey',
    -- For clients: active silos that accept clients. @Status is 3 (Active).
    $query$
    SELECT Address, ProxyPort, Generation
    FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
      AND Status = @Status
      AND ProxyPort > 0;
    $query$
),
(
    'DeleteMembershipTableEntriesKey',
    -- Removes a whole cluster's membership (tests and tooling call it; silos do not).
    $query$
    DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
    $query$
),
(
    'CleanupDefunctSiloEntryKey',
    -- Optional in Orleans 10.4, and preferred when present: the provider reads the table, picks dead silos
    -- silent since the cutoff, and deletes each one only if the row still holds the values it judged by. A row
    -- that changed meanwhile (a late vote, a heartbeat) is left for the next round.
    $query$
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
      AND Address = @Address
      AND Port = @Port
      AND Generation = @Generation
      AND Status = 6
      AND StartTime = @StartTime
      AND IAmAliveTime = @IAmAliveTime
      AND COALESCE(SuspectTimes, '') = COALESCE(@SuspectTimes, '');
    $query$
),
(
    'CleanupDefunctSiloEntriesKey',
    -- Required by the provider, used only without CleanupDefunctSiloEntryKey: removes dead silos silent since
    -- @IAmAliveTime (the cutoff). Only Dead rows: a silo that is merely slow must be declared dead by its
    -- peers first, never disappear from the table.
    $query$
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
      AND Status = 6
      AND IAmAliveTime < @IAmAliveTime
      AND StartTime < @IAmAliveTime
      AND COALESCE(SuspectTimes, '') = '';
    $query$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
