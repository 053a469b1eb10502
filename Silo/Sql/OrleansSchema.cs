using System.Net.Sockets;
using Npgsql;

namespace EmoteCare.Silo.Sql;

/// <summary>
/// The PostgreSQL tables and named queries (<c>OrleansQuery</c>) that Orleans' ADO.NET providers for grain storage,
/// clustering and reminders read. The packages ship no SQL, so the scripts live in <c>Silo/Sql</c>, embedded in this
/// assembly, and are applied at every start: every statement in them is idempotent.
/// </summary>
public static class OrleansSchema
{
    /// <summary>
    /// Serialises schema set-up when several nodes start together. Differs from the Api's and the former runtime's keys
    /// (<c>EmoteApi</c>, <c>EmoteCar</c>), so the three schemas can be applied concurrently. ASCII "EmoteOrl".
    /// </summary>
    public const long SchemaLockKey = 0x456D6F74654F726C;

    /// <summary>The embedded scripts, in the order they run: the query catalogue first, since the others fill it.</summary>
    public static IReadOnlyList<string> ScriptNames { get; } =
    [
        "orleans-main.sql",
        "orleans-clustering.sql",
        "orleans-persistence.sql",
        "orleans-reminders.sql",
    ];

    private const string ResourcePrefix = "EmoteCare.Silo.Sql.";

    /// <summary>The text of one embedded script, by its file name (one of <see cref="ScriptNames"/>).</summary>
    public static string ReadScript(string name)
    {
        using var stream = typeof(OrleansSchema).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"The Orleans schema script {name} is not embedded in {typeof(OrleansSchema).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Applies the schema through a data source built from <paramref name="connectionString"/>.</summary>
    public static async Task ApplyAsync(string connectionString, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await ApplyAsync(dataSource, cancellationToken);
    }

    /// <summary>
    /// Applies every script in one transaction under <see cref="SchemaLockKey"/>: a node that starts while another is
    /// applying waits for it, then finds everything in place. Nothing is half-applied if a script fails.
    /// </summary>
    /// <exception cref="InvalidOperationException">PostgreSQL cannot be reached or refuses the connection.</exception>
    public static async Task ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var scripts = ScriptNames.Select(name => (Name: name, Sql: ReadScript(name))).ToList();

        await using var connection = await OpenAsync(dataSource, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            command.Parameters.AddWithValue("key", SchemaLockKey);
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
                throw new InvalidOperationException($"The Orleans schema script {name} failed: {exception.MessageText} ({exception.SqlState}).", exception);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<NpgsqlConnection> OpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
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
                $"Could not connect to PostgreSQL at {where} to apply the Orleans schema: {reason}. " +
                "Check ConnectionStrings:Postgres (environment: ConnectionStrings__Postgres) and that the server is running.",
                exception);
        }
    }
}
