using Npgsql;

namespace EmoteCare.Testing;

/// <summary>A database of its own for one test class, created empty on the test server and dropped afterwards.</summary>
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
        return new FreshDatabase(name, new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString) { Database = name }.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestPostgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
