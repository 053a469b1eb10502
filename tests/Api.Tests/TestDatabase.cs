using Npgsql;

namespace EmoteCare.Api.Tests;

/// <summary>The PostgreSQL that ./test.sh starts; its connection string arrives in EMOTECARE_TEST_POSTGRES.</summary>
internal static class TestDatabase
{
    public static string ConnectionString => Environment.GetEnvironmentVariable("EMOTECARE_TEST_POSTGRES")
        ?? throw new InvalidOperationException("EMOTECARE_TEST_POSTGRES is not set: run the tests with ./test.sh, which starts a throwaway PostgreSQL and sets it.");
}

/// <summary>A database of its own for one test class, created empty on that server and dropped afterwards.</summary>
internal sealed class FreshDatabase : IAsyncDisposable
{
    private readonly string _name;

    private FreshDatabase(string name, string connectionString)
    {
        _name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<FreshDatabase> CreateAsync()
    {
        var name = $"emotecare_test_{Guid.NewGuid():N}";
        await ExecuteOnServerAsync($"CREATE DATABASE {name}");
        return new FreshDatabase(name, new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { Database = name }.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
