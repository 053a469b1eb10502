using System.Reflection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace EmoteCare.Api.Data;

/// <summary>Applies <c>Data/schema.sql</c> at start-up, before the server takes requests and before the key ring is read.</summary>
internal sealed class ApiSchema(NpgsqlDataSource dataSource) : IHostedService
{
    /// <summary>Differs from the grain storage's key so the two schemas can be applied concurrently.</summary>
    private const long SchemaLockKey = 0x456D6F7465417069;

    public static string Sql { get; } = ReadSchema();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            command.Parameters.AddWithValue("key", SchemaLockKey);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = new NpgsqlCommand(Sql, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string ReadSchema()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("EmoteCare.Api.Data.schema.sql")
            ?? throw new InvalidOperationException("The Api schema is not embedded in EmoteCare.Api.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
