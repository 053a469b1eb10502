using Npgsql;
using EmoteCare.Silo.Sql;

namespace EmoteCare.Silo.Tests.OrleansAdoNet;

/// <summary>Each test applies the schema to a database of its own, created empty, so "from scratch" is what is tested.</summary>
public sealed class OrleansSchemaTests
{
    /// <summary>Every key Orleans 10.4's ADO.NET providers read from OrleansQuery, by provider.</summary>
    private static readonly string[] ExpectedQueryKeys =
    [
        // Microsoft.Orleans.Persistence.AdoNet (DeleteStorageKey only with DeleteStateOnClear).
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
        // Microsoft.Orleans.Clustering.AdoNet (CleanupDefunctSiloEntryKey optional, preferred when present).
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
        // Microsoft.Orleans.Reminders.AdoNet.
        "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "UpsertReminderRowKey", "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [Fact]
    public async Task Schema_applies_to_an_empty_database_and_again_without_error()
    {
        await using var database = await ScratchDatabase.CreateAsync();
        await OrleansSchema.ApplyAsync(database.ConnectionString, CancellationToken.None);
        var first = await QueryCatalogue(database.ConnectionString);
        await OrleansSchema.ApplyAsync(database.ConnectionString, CancellationToken.None);

        Assert.Equal(ExpectedQueryKeys.Order(StringComparer.Ordinal), (await QueryCatalogue(database.ConnectionString)).Keys);
        Assert.Equal(first, await QueryCatalogue(database.ConnectionString));
    }

    [Fact]
    public async Task Schema_applies_from_three_nodes_starting_together()
    {
        await using var database = await ScratchDatabase.CreateAsync();

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => OrleansSchema.ApplyAsync(database.ConnectionString, CancellationToken.None))));

        Assert.Equal(ExpectedQueryKeys.Order(StringComparer.Ordinal), (await QueryCatalogue(database.ConnectionString)).Keys);
    }

    [Fact]
    public async Task Schema_repairs_an_edited_query_text_at_the_next_start()
    {
        await using var database = await ScratchDatabase.CreateAsync();
        await OrleansSchema.ApplyAsync(database.ConnectionString, CancellationToken.None);
        var original = (await QueryCatalogue(database.ConnectionString))["WriteToStorageKey"];
        await using (var dataSource = NpgsqlDataSource.Create(database.ConnectionString))
        {
            await using var command = dataSource.CreateCommand("UPDATE OrleansQuery SET QueryText = 'SELECT 1' WHERE QueryKey = 'WriteToStorageKey'");
            await command.ExecuteNonQueryAsync();
        }

        await OrleansSchema.ApplyAsync(database.ConnectionString, CancellationToken.None);

        Assert.Equal(original, (await QueryCatalogue(database.ConnectionString))["WriteToStorageKey"]);
    }

    [Fact]
    public async Task Unreachable_PostgreSQL_names_the_setting_and_the_address_but_not_the_password()
    {
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            OrleansSchema.ApplyAsync("Host=127.0.0.1;Port=1;Username=emotecare;Password=hunter2-secret;Database=emotecare;Timeout=3", CancellationToken.None));

        Assert.Contains("ConnectionStrings:Postgres", exception.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__Postgres", exception.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", exception.ToString(), StringComparison.Ordinal);
    }

    private static async Task<SortedDictionary<string, string>> QueryCatalogue(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT QueryKey, QueryText FROM OrleansQuery");
        await using var reader = await command.ExecuteReaderAsync();
        var catalogue = new SortedDictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            catalogue.Add(reader.GetString(0), reader.GetString(1));
        }

        return catalogue;
    }

    /// <summary>An empty database on the test server, dropped afterwards.</summary>
    private sealed class ScratchDatabase : IAsyncDisposable
    {
        private readonly string _name;

        private ScratchDatabase(string name, string connectionString)
        {
            _name = name;
            ConnectionString = connectionString;
        }

        public string ConnectionString { get; }

        public static async Task<ScratchDatabase> CreateAsync()
        {
            var name = "orleans_schema_" + Guid.NewGuid().ToString("N")[..12];
            await using (var dataSource = NpgsqlDataSource.Create(TestPostgres.ConnectionString))
            {
                await using var command = dataSource.CreateCommand($"CREATE DATABASE {name}");
                await command.ExecuteNonQueryAsync();
            }

            var builder = new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString) { Database = name, Pooling = false };
            return new ScratchDatabase(name, builder.ConnectionString);
        }

        public async ValueTask DisposeAsync()
        {
            await using var dataSource = NpgsqlDataSource.Create(TestPostgres.ConnectionString);
            await using var command = dataSource.CreateCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
            await command.ExecuteNonQueryAsync();
        }
    }
}
