using System.Net.Sockets;
using System.Reflection;
using Npgsql;

namespace EmoteCare.Silo.Sql;

/// <summary>
/// Applies a schema made of embedded, idempotent SQL scripts at start-up: in one transaction under an advisory lock, so
/// nodes that start together apply it one after the other and nothing is half-applied when a script fails.
/// </summary>
/// <param name="Name">What the schema is, for error messages ("the Orleans schema").</param>
/// <param name="LockKey">The advisory lock; each schema has its own so that schemas can be applied concurrently.</param>
/// <param name="Assembly">The assembly the scripts are embedded in.</param>
/// <param name="ResourceNames">The scripts' manifest resource names, in the order they run.</param>
public sealed record SqlSchema(string Name, long LockKey, Assembly Assembly, IReadOnlyList<string> ResourceNames)
{
    /// <summary>The text of one embedded script.</summary>
    public string ReadScript(string resourceName)
    {
        using var stream = Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"{resourceName} ({Name}) is not embedded in {Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Applies every script.</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL cannot be reached, refuses the connection, or a script fails.</exception>
    public async Task ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var scripts = ResourceNames.Select(name => (Name: name, Sql: ReadScript(name))).ToList();

        await using var connection = await OpenAsync(dataSource, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            command.Parameters.AddWithValue("key", LockKey);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (name, sql) in scripts)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException exception)
            {
                throw new InvalidOperationException($"{name} ({Name}) failed: {exception.MessageText} ({exception.SqlState}).", exception);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<NpgsqlConnection> OpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        try
        {
            return await dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (Exception exception) when ((exception is NpgsqlException or SocketException or TimeoutException) && !cancellationToken.IsCancellationRequested)
        {
            // Host, port and database only: the data source's connection string would carry the password if the
            // configuration asked to persist it.
            var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
            var where = $"{settings.Host ?? "localhost"}:{settings.Port}" + (string.IsNullOrEmpty(settings.Database) ? "" : $", database {settings.Database}");
            var reason = exception is PostgresException postgres ? $"{postgres.MessageText} ({postgres.SqlState})" : exception.Message;
            throw new InvalidOperationException(
                $"Could not connect to PostgreSQL at {where} to apply {Name}: {reason}. " +
                "Check ConnectionStrings:Postgres (environment: ConnectionStrings__Postgres) and that the server is running.",
                exception);
        }
    }
}
