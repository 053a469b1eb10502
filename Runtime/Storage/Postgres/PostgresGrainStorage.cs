using System.Reflection;
using Npgsql;
using NpgsqlTypes;

namespace EmoteCare.Runtime.Storage.Postgres;

/// <summary>Grain state in PostgreSQL: a jsonb payload and a version per row, compared on every write.</summary>
public sealed class PostgresGrainStorage(NpgsqlDataSource dataSource) : IGrainStorage, IGrainStorageInitializer
{
    /// <summary>Serialises concurrent schema set-up from several processes starting together.</summary>
    private const long SchemaLockKey = 0x456D6F7465436172;

    /// <summary>The schema applied at start-up; every statement in it is idempotent.</summary>
    public static string SchemaSql { get; } = ReadSchema();

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            command.Parameters.AddWithValue("key", SchemaLockKey);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = new NpgsqlCommand(SchemaSql, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<GrainStateRecord?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT payload::text, version FROM grain_state WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3");
        AddKey(command, grainId, stateName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new GrainStateRecord(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1))
            : null;
    }

    /// <inheritdoc />
    public Task<long> WriteAsync(GrainId grainId, string stateName, string json, long? expectedVersion, CancellationToken cancellationToken) =>
        ReplaceAsync(grainId, stateName, json, expectedVersion, cancellationToken);

    /// <inheritdoc />
    public Task<long> ClearAsync(GrainId grainId, string stateName, long? expectedVersion, CancellationToken cancellationToken) =>
        ReplaceAsync(grainId, stateName, json: null, expectedVersion, cancellationToken);

    private async Task<long> ReplaceAsync(GrainId grainId, string stateName, string? json, long? expectedVersion, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(expectedVersion is null
            ? """
              INSERT INTO grain_state (grain_type, grain_key, state_name, payload, version)
              VALUES ($1, $2, $3, $4, 1)
              ON CONFLICT DO NOTHING
              RETURNING version
              """
            : """
              UPDATE grain_state SET payload = $4, version = version + 1, updated_at = now()
              WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3 AND version = $5
              RETURNING version
              """);
        AddKey(command, grainId, stateName);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = (object?)json ?? DBNull.Value });
        if (expectedVersion is { } expected)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = expected });
        }

        var result = await command.ExecuteScalarAsync(cancellationToken);
        if (result is long version)
        {
            return version;
        }

        var stored = await ReadAsync(grainId, stateName, cancellationToken);
        throw MemoryGrainStorage.Conflict(grainId, stateName, expectedVersion, stored?.Version);
    }

    private static void AddKey(NpgsqlCommand command, GrainId grainId, string stateName)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = grainId.Type });
        command.Parameters.Add(new NpgsqlParameter { Value = grainId.Key });
        command.Parameters.Add(new NpgsqlParameter { Value = stateName });
    }

    private static string ReadSchema()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("EmoteCare.Runtime.Storage.Postgres.schema.sql")
            ?? throw new InvalidOperationException("The grain_state schema is not embedded in EmoteCare.Runtime.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
